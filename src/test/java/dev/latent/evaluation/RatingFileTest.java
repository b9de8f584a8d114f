package dev.latent.evaluation;

import dev.latent.model.IdMap;
import dev.latent.model.Ratings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RatingFileTest {

    @TempDir
    Path dir;

    @Test
    void readsTabSeparatedLikeUData() throws Exception {
        Path f = write("u.data", "196\t242\t3\t881250949\n186\t302\t3\t891717742\n196\t302\t1\t878887116\n");
        Ratings r = RatingFile.read(f);
        assertEquals(3, r.size());
        assertEquals(2, r.numUsers());
        assertEquals(2, r.numItems());
        assertArrayEquals(new int[] {0, 1, 0}, java.util.Arrays.copyOf(r.users(), 3));
        assertArrayEquals(new int[] {0, 1, 1}, java.util.Arrays.copyOf(r.items(), 3));
        assertArrayEquals(new float[] {3, 3, 1}, java.util.Arrays.copyOf(r.ratings(), 3));
        assertEquals("196", r.userIds().raw(0));
        assertEquals(1, r.itemIds().index("302"));
    }

    @Test
    void readsCsvWithHeaderAndCrlfAndHalfStars() throws Exception {
        Path f = write("ratings.csv",
                "userId,movieId,rating,timestamp\r\n1,1,4.0,964982703\r\n1,3,4.5,964981247\r\n\r\n");
        Ratings r = RatingFile.read(f);
        assertEquals(2, r.size());
        assertEquals(4.5f, r.ratings()[1]);
        assertEquals("3", r.itemIds().raw(1));
    }

    @Test
    void readsDoubleColonDatAndSharesIdsBetweenTrainAndTest() throws Exception {
        Path train = write("train.dat", "1::1193::5::978300760\n2::661::3::978302109\n");
        Path test = write("test.dat", "2::1193::4::978300760\n3::7::2::1\n");
        IdMap users = new IdMap();
        IdMap items = new IdMap();
        Ratings a = RatingFile.read(train, users, items);
        Ratings b = RatingFile.read(test, users, items);
        assertEquals(1, b.users()[0], "user 2 keeps the index it got in the train file");
        assertEquals(0, b.items()[0]);
        assertEquals(3, b.numUsers());
        assertEquals(3, a.numItems(), "maps are shared, so sizes cover both files");
    }

    private Path write(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }
}
