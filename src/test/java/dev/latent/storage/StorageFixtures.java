package dev.latent.storage;

import org.springframework.util.unit.DataSize;

/** Storage objects for tests that run without a store (web slices). */
public final class StorageFixtures {

    private StorageFixtures() {
    }

    /** The free-space check of a store that is not an H2 file: it never refuses a write. */
    public static FreeSpace noFreeSpaceCheck() {
        return FreeSpace.of("jdbc:h2:mem:none", DataSize.ofBytes(0));
    }
}
