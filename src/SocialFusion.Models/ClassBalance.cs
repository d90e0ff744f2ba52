namespace SocialFusion.Models;

/// <summary>Balanced class weights for a cross-entropy loss over imbalanced classes.</summary>
public static class ClassBalance
{
    /// <summary>
    /// Weight n / (C * n_c) per class from the training counts n_c (n of them over C classes), so every class contributes
    /// as much to the loss as any other; a class without any example gets 0 (it can never be a target).
    /// </summary>
    public static float[] Weights(IReadOnlyList<int> counts)
    {
        double n = counts.Sum(), classes = counts.Count;
        return counts.Select(c => c == 0 ? 0f : (float)(n / (classes * c))).ToArray();
    }
}
