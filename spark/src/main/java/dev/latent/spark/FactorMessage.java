package dev.latent.spark;

import java.io.Serializable;

/**
 * Factors sent from block {@code source} of the fixed side to one block of the side being solved: the local
 * rows {@code locals} (global row = local · blocks + source), their factors (rank k each) and biases (null
 * for the ranking model).
 */
record FactorMessage(int source, int[] locals, float[] factors, float[] bias) implements Serializable {
}
