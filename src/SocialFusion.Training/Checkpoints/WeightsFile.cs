namespace SocialFusion.Training.Checkpoints;

/// <summary>Loads a TorchSharp weights file, naming it when it is truncated or not a weights file at all.</summary>
public static class WeightsFile
{
    /// <summary>
    /// <c>module.load(path)</c>, but a truncated or foreign file fails with an <see cref="InvalidDataException"/>
    /// that names <paramref name="path"/> (TorchSharp's own errors name no file: "Unable to read beyond the end of the stream"),
    /// and weights holding NaN or Infinity with one naming the file and the parameter (<see cref="Models.IO.FiniteWeights"/>).
    /// </summary>
    public static void Load(TorchSharp.torch.nn.Module module, string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Weights file '{path}' is missing.", path);
        try { module.load(path); }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or InvalidOperationException
                                  or FormatException or OverflowException or NotSupportedException)
        {
            throw new InvalidDataException(
                $"{path}: weights file is truncated or corrupt ({new FileInfo(path).Length} bytes; {e.Message}). Re-create it (train or copy it again).", e);
        }
        Models.IO.FiniteWeights.Check(path, module);
    }
}
