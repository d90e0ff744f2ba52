namespace SocialFusion.Training.Benchmarks;

/// <summary>
/// Analytic forward FLOPs of one SG-MFT item (preset sgmft), counting multiply-adds of every matmul as 2 FLOPs
/// and ignoring element-wise work (LayerNorm, softmax, GELU), which is small next to the matmuls.
/// Training is counted as 3x forward (backward computes two matmuls per forward matmul).
/// </summary>
public static class SgmftFlops
{
    /// <summary>Forward FLOPs for text length <paramref name="lt"/> and <paramref name="lv"/> image tokens.</summary>
    /// <param name="lt">Text positions computed (the padded length of the batch).</param>
    /// <param name="lv">Image tokens (all images of the post).</param>
    /// <param name="dt">Text feature width.</param>
    /// <param name="dv">Image feature width.</param>
    /// <param name="d">Model width D.</param>
    /// <param name="simLayers">SIM layers.</param>
    /// <param name="sfmLayers">SFM layers.</param>
    /// <param name="ffnMultiplier">FFN hidden width as a multiple of D.</param>
    /// <param name="classes">Number of classes C.</param>
    public static double Forward(int lt, int lv, int dt, int dv, int d, int simLayers, int sfmLayers, int ffnMultiplier, int classes)
    {
        double t = lt, v = lv, D = d, h = ffnMultiplier * (double)d;
        double input = t * dt * D + v * dv * D;                          // H_t = T W_t, H_v = V W_v
        double selfAttn(double n) => 4 * n * D * D + 2 * n * n * D;         // QKV + out, scores + weighted sum
        double crossAttn(double nq, double nk) => 2 * nq * D * D + 2 * nk * D * D + 2 * nq * nk * D;
        double ffn(double n) => 2 * n * D * h;                              // W1, W2
        double coarse = selfAttn(t) + crossAttn(t, v) + selfAttn(v) + crossAttn(v, t);
        double fine = 2 * (2 * t * v * D) + (ffn(t) + t * D * h) + (ffn(v) + v * D * h);   // A and Vhat both ways; Wf
        double sfm = crossAttn(t, v) + crossAttn(v, t) + ffn(t) + ffn(v);
        double gateAndHead = (2 * D + 1) * D + D * D + D * classes;
        return 2 * (input + simLayers * (coarse + fine) + sfmLayers * sfm + gateAndHead);
    }
}
