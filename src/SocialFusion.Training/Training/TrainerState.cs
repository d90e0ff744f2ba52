using System.Text.Json;
using SocialFusion.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace SocialFusion.Training.Training;

/// <summary>
/// Resume state written at the end of every epoch into <c>&lt;folder&gt;/trainer/</c>: current weights
/// (<c>last.bin</c>), best weights (<c>best.bin</c>), AdamW moments (<c>optimizer.bin</c>) and this record
/// (<c>state.json</c>). The shuffle and dropout RNGs are re-seeded from (seed, epoch) so they need no saving.
/// </summary>
public sealed record TrainerState(TrainingConfig Config, int Epoch, long Step, int BestEpoch, int SinceBest, bool StoppedEarly, EpochRecord[] History)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private static string Dir(string folder) => Path.Combine(folder, "trainer");

    /// <summary>Saves the state (files written under temporary names, then moved).</summary>
    public static void Save(string folder, LocationModel model, TorchSharp.Modules.OptimizerHelper optimizer, Dictionary<string, Tensor> best, TrainerState state)
    {
        var dir = Dir(folder);
        Directory.CreateDirectory(dir);
        model.save(Path.Combine(dir, "last.bin.tmp"));
        optimizer.save_state_dict(Path.Combine(dir, "optimizer.bin.tmp"));
        using (var stream = File.Create(Path.Combine(dir, "best.bin.tmp")))
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(best.Count);
            foreach (var (name, t) in best.OrderBy(kv => kv.Key, StringComparer.Ordinal)) { writer.Write(name); t.Save(writer); }
        }
        File.WriteAllText(Path.Combine(dir, "state.json.tmp"), JsonSerializer.Serialize(state, Json));
        foreach (var f in new[] { "last.bin", "optimizer.bin", "best.bin", "state.json" })
            File.Move(Path.Combine(dir, f + ".tmp"), Path.Combine(dir, f), true);
    }

    /// <summary>Restores model and optimizer from <paramref name="folder"/> when it holds a state; null otherwise.</summary>
    public static TrainerState? TryLoad(string folder, TrainingConfig config, LocationModel model, TorchSharp.Modules.OptimizerHelper optimizer)
    {
        var path = Path.Combine(Dir(folder), "state.json");
        if (!File.Exists(path)) return null;
        var state = JsonSerializer.Deserialize<TrainerState>(File.ReadAllText(path), Json)
            ?? throw new FormatException($"{path}: empty trainer state.");
        if (state.Config with { MaxEpochs = config.MaxEpochs } != config with { })
            throw new InvalidOperationException($"{path}: cannot resume, the training configuration differs from the saved one ({state.Config}).");
        Checkpoints.WeightsFile.Load(model, Path.Combine(Dir(folder), "last.bin"));
        optimizer.load_state_dict(Path.Combine(Dir(folder), "optimizer.bin"));
        return state;
    }

    /// <summary>Reads the best weights saved alongside the state.</summary>
    public static Dictionary<string, Tensor> LoadBest(string folder, Func<LocationModel> createModel)
    {
        var result = new Dictionary<string, Tensor>();
        var path = Path.Combine(Dir(folder), "best.bin");
        using var reader = new BinaryReader(File.OpenRead(path));
        int n = reader.ReadInt32();
        // A throw-away model supplies correctly shaped tensors for Tensor.Load to fill.
        using var template = createModel();
        var shapes = template.state_dict();
        for (int i = 0; i < n; i++)
        {
            var name = reader.ReadString();
            var t = shapes[name].detach().clone();
            t.Load(reader);
            Models.IO.FiniteWeights.Check(path, name, t);
            result[name] = t;
        }
        return result;
    }
}
