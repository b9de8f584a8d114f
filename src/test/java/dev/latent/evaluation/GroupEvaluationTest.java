package dev.latent.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latent.factorization.Algorithm;
import dev.latent.factorization.FactorModel;
import dev.latent.factorization.GroupAggregation;
import dev.latent.factorization.RatingMatrix;
import dev.latent.factorization.Settings;
import dev.latent.factorization.TrainingListener;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupEvaluationTest {

    private static RatingMatrix train;
    private static RatingMatrix test;
    private static FactorModel model;

    @BeforeAll
    static void fit(@TempDir Path dir) throws Exception {
        StringWriter w = new StringWriter();
        SyntheticRatings.write(w, 150, 120, 6000, 4, 0.5, 5);
        Path file = dir.resolve("r.tsv");
        Files.writeString(file, w.toString());
        Splits.Split s = Splits.random(RatingFile.read(file), 0.2, 42);
        train = s.train().toMatrix();
        test = s.test().toMatrix();
        Map<String, String> flags = Map.of("ranking-rank", "4", "ranking-iterations", "4", "threads", "1");
        model = Algorithm.IMPLICIT_ALS.trainer(Settings.of(flags)).train(train, TrainingListener.NONE);
    }

    private static final List<GroupAggregation> ALL = List.of(GroupAggregation.values());

    @Test
    void aGroupOfOneIsServedExactlyAsByItsOwnList() {
        GroupEvaluation.SizeResult r = GroupEvaluation.run(model, train, test, ALL,
                new GroupEvaluation.Options(new int[] {1}, 40, 10, 4f, 1)).get(0);
        assertTrue(r.own().ndcg() > 0, "the model finds held-out items: " + r.own());
        assertEquals(r.own(), r.ownInGroup());
        for (GroupEvaluation.Figures f : r.figures()) {
            assertEquals(r.own().ndcg(), f.ndcg(), 1e-12);
            assertEquals(r.own().precision(), f.precision(), 1e-12);
            assertEquals(r.own().worstNdcg(), f.worstNdcg(), 1e-12);
            assertEquals(1.0, f.overlap(), 1e-12);
        }
    }

    @Test
    void largerGroupsAreServedWorseThanByTheMembersOwnListsAndTheWorstMemberWorseStill() {
        List<GroupEvaluation.SizeResult> rs = GroupEvaluation.run(model, train, test, ALL,
                new GroupEvaluation.Options(new int[] {2, 4}, 60, 10, 4f, 1));
        assertEquals(2, rs.size());
        for (GroupEvaluation.SizeResult r : rs) {
            assertEquals(60, r.groups());
            for (GroupEvaluation.Figures f : r.figures()) {
                assertTrue(f.ndcg() < r.own().ndcg(), r.size() + ": " + f + " against " + r.own());
                assertTrue(f.worstNdcg() <= f.ndcg() && f.worstPrecision() <= f.precision()
                        && f.worstOverlap() <= f.overlap() && f.overlap() < 1, f.toString());
            }
        }
        GroupEvaluation.Figures mean2 = rs.get(0).figures().get(0);
        GroupEvaluation.Figures mean4 = rs.get(1).figures().get(0);
        assertTrue(mean4.overlap() < mean2.overlap(), "a list shared by more members is further from each: "
                + mean2 + ", " + mean4);
        assertEquals(rs, GroupEvaluation.run(model, train, test, ALL,
                new GroupEvaluation.Options(new int[] {2, 4}, 60, 10, 4f, 1)), "seeded: the same figures again");
    }

    @Test
    void aGroupLargerThanTheEligibleUsersIsRefused() {
        int eligible = GroupEvaluation.eligible(train, test, 4f).length;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GroupEvaluation.run(model,
                train, test, ALL, new GroupEvaluation.Options(new int[] {eligible + 1}, 1, 10, 4f, 1)));
        assertTrue(e.getMessage().contains("outside 1.." + eligible), e.getMessage());
    }
}
