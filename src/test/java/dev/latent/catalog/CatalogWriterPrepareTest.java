package dev.latent.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@link CatalogWriter#prepare}: the last entry of each id, sorted by id, whatever order the entries came in. */
class CatalogWriterPrepareTest {

    private static ItemDocument doc(String id, String label) {
        return new ItemDocument(id, List.of(), label, false, null, null);
    }

    @Test
    void keepsTheLastEntryOfEachIdSortedById() {
        List<ItemDocument> entries = List.of(doc("b", "1"), doc("a", "2"), doc("b", "3"), doc("c", "4"), doc("a", "5"),
                doc("b", "6"));
        CatalogWriter.Chunk chunk = CatalogWriter.prepare(entries);
        assertThat(chunk.ids).containsExactly("a", "b", "c");
        assertThat(chunk.labels).containsExactly("5", "6", "4");
    }

    @Test
    void sortedInputWithRepeatsAndRandomChunksAgreeWithAMap() {
        CatalogWriter.Chunk sorted = CatalogWriter.prepare(List.of(doc("a", "1"), doc("a", "2"), doc("b", "3"),
                doc("c", "4"), doc("c", "5")));
        assertThat(sorted.ids).containsExactly("a", "b", "c");
        assertThat(sorted.labels).containsExactly("2", "3", "5");
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            List<ItemDocument> entries = new ArrayList<>();
            Map<String, String> last = new TreeMap<>();
            int n = random.nextInt(60);
            for (int k = 0; k < n; k++) {
                String id = "item" + random.nextInt(25);
                String label = round + "-" + k;
                entries.add(doc(id, label));
                last.put(id, label);
            }
            CatalogWriter.Chunk chunk = CatalogWriter.prepare(entries);
            Map<String, String> got = new LinkedHashMap<>();
            for (int i = 0; i < chunk.size(); i++) {
                got.put(chunk.ids[i], chunk.labels[i]);
            }
            assertThat(new ArrayList<>(got.entrySet())).as("round %d", round).isEqualTo(new ArrayList<>(last.entrySet()));
        }
    }
}
