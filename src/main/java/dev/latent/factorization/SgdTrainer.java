package dev.latent.factorization;

import java.util.Random;
import java.util.concurrent.CancellationException;

/**
 * Biased matrix factorisation by stochastic gradient descent (Funk 2006; Koren, Bell, Volinsky 2009) over the
 * observed cells only. For each cell (u, i, r) in a seeded random order, with e = r − (μ + b_u + b_i + p_u·q_i):
 * <pre>  b_u += η (e − λ_b b_u)     b_i += η (e − λ_b b_i)
 *   p_u += η (e q_i − λ p_u)   q_i += η (e p_u − λ q_i)   (both with the old values)</pre>
 * and η ← η · decay after every epoch. One thread; the result is a function of the config and the data.
 * The reported loss is the RMSE of the running predictions seen during the epoch.
 */
public final class SgdTrainer implements Trainer {

    private final SgdConfig config;

    public SgdTrainer(SgdConfig config) {
        this.config = config;
    }

    public SgdConfig config() {
        return config;
    }

    @Override
    public FactorModel train(RatingMatrix m, FactorModel warmStart, TrainingListener listener) {
        long start = System.nanoTime();
        int k = config.rank();
        int nu = m.numUsers();
        int ni = m.numItems();
        boolean biases = config.biases();
        Random rnd = new Random(config.seed());
        StartFactors init = StartFactors.gaussian(m, k, biases, rnd, config.initStd(), true, warmStart);
        float mu = init.mu();
        float[] p = init.p();
        float[] q = init.q();
        float[] bu = init.bu();
        float[] bi = init.bi();
        int n = m.size();
        int[] ptr = m.userPtr();
        int[] items = m.userItems();
        float[] ratings = m.userRatings();
        int[] userOf = new int[n];
        for (int u = 0; u < nu; u++) {
            for (int e = ptr[u]; e < ptr[u + 1]; e++) {
                userOf[e] = u;
            }
        }
        int[] order = new int[n];
        for (int e = 0; e < n; e++) {
            order[e] = e;
        }
        float lr = (float) config.learningRate();
        float lambda = (float) config.lambda();
        float lambdaB = (float) config.biasLambda();
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            for (int e = n - 1; e > 0; e--) {
                int j = rnd.nextInt(e + 1);
                int t = order[e];
                order[e] = order[j];
                order[j] = t;
            }
            double sse = 0;
            for (int c = 0; c < n; c++) {
                if ((c & 0xFFFF) == 0 && Thread.currentThread().isInterrupted()) {
                    throw new CancellationException("SGD training interrupted");
                }
                int e = order[c];
                int u = userOf[e];
                int i = items[e];
                int po = u * k;
                int qo = i * k;
                float dot = 0f;
                for (int f = 0; f < k; f++) {
                    dot += p[po + f] * q[qo + f];
                }
                float err = ratings[e] - (mu + bu[u] + bi[i] + dot);
                sse += (double) err * err;
                if (biases) {
                    bu[u] += lr * (err - lambdaB * bu[u]);
                    bi[i] += lr * (err - lambdaB * bi[i]);
                }
                for (int f = 0; f < k; f++) {
                    float pf = p[po + f];
                    float qf = q[qo + f];
                    p[po + f] = pf + lr * (err * qf - lambda * pf);
                    q[qo + f] = qf + lr * (err * pf - lambda * qf);
                }
            }
            lr *= (float) config.decay();
            double rmse = n == 0 ? 0 : Math.sqrt(sse / n);
            if (!listener.onIteration(epoch, rmse, System.nanoTime() - start)) {
                break;
            }
        }
        // Users and items without training cells carry only their random start: give them zero factors so that
        // their predictions fall back to the biases.
        for (int u = 0; u < nu; u++) {
            if (m.userCount(u) == 0) {
                java.util.Arrays.fill(p, u * k, u * k + k, 0f);
            }
        }
        for (int i = 0; i < ni; i++) {
            if (m.itemCount(i) == 0) {
                java.util.Arrays.fill(q, i * k, i * k + k, 0f);
            }
        }
        return new FactorModel(k, nu, ni, mu, bu, bi, p, q);
    }
}
