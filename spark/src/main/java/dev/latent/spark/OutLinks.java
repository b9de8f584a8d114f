package dev.latent.spark;

import java.io.Serializable;

/**
 * Where the factors of one block go in a pass: to each block {@code targets[t]} of the other side, the local
 * rows {@code locals[t]} that block rates. Each factor vector travels once per block that needs it, not once
 * per rating (the blocked design of Spark MLlib's ALS).
 */
record OutLinks(int[] targets, int[][] locals) implements Serializable {
}
