using static TorchSharp.torch;

namespace SocialFusion.Models.IO;

/// <summary>
/// Weights that hold NaN or ±Infinity are refused when they are loaded, naming the file and the parameter: a model
/// with one NaN weight turns every post into NaN embeddings or probabilities without any error. Both load paths check
/// here: <see cref="StateDictLoader"/> (safetensors: CLIP, Chinese-CLIP) and the TorchSharp weights files of location
/// and multi-task checkpoints, built-in encoder folders and trainer state.
/// </summary>
public static class FiniteWeights
{
    /// <summary>
    /// Throws <see cref="InvalidDataException"/> "<paramref name="path"/>: parameter '<paramref name="key"/>' holds N NaN
    /// and M infinite values" when the floating-point <paramref name="tensor"/> is not all finite.
    /// </summary>
    public static void Check(string path, string key, Tensor tensor)
    {
        if (!tensor.is_floating_point()) return;
        using var scope = NewDisposeScope();
        if (isfinite(tensor).all().item<bool>()) return;
        long nan = isnan(tensor).sum().item<long>();
        long inf = isinf(tensor).sum().item<long>();
        throw new InvalidDataException(
            $"{path}: parameter '{key}' holds {nan} NaN and {inf} infinite value(s) of {tensor.numel()}; the weights are damaged " +
            "(or come from a diverged training run). Re-create or re-download the checkpoint.");
    }

    /// <summary><see cref="Check(string, string, Tensor)"/> for every tensor of <paramref name="module"/>'s state dict (after loading <paramref name="path"/>).</summary>
    public static void Check(string path, nn.Module module)
    {
        foreach (var (key, tensor) in module.state_dict()) Check(path, key, tensor);
    }
}
