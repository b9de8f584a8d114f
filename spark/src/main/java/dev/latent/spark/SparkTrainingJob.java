package dev.latent.spark;

public final class SparkTrainingJob {
    public static void main(String[] args) {
    }
}
