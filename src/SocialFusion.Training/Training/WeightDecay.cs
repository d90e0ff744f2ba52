using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SocialFusion.Training.Training;

/// <summary>
/// The one weight-decay rule of every trainer (location models, multi-task models, built-in encoders): AdamW decays
/// the weight matrices and kernels of linear, convolution and recurrent layers, and nothing else. Norm gains and
/// shifts, biases, scalars and other 1-d parameters (SG-MFT's a and b, temperatures, loss log-variances) and
/// embeddings (<c>nn.Embedding</c> tables and learned embedding-like parameters: positions, modality types, image
/// slots, absent tokens, CLS) get none, as in GPT-2/nanoGPT and CLIP training: decaying them pulls a norm or a
/// temperature towards 0 instead of regularising a mapping.
/// </summary>
public static class WeightDecay
{
    /// <summary>True when the parameter <paramref name="parameter"/> held directly by <paramref name="owner"/> is decayed.</summary>
    public static bool Applies(nn.Module owner, Tensor parameter) =>
        parameter.dim() >= 2 && owner is Linear or Conv1d or Conv2d or Conv3d or GRU or LSTM or RNN;

    /// <summary>Every trainable parameter of <paramref name="module"/> by its checkpoint name, split by the rule.</summary>
    public static (List<(string Name, Parameter Parameter)> Decay, List<(string Name, Parameter Parameter)> NoDecay) Split(nn.Module module)
    {
        var decay = new List<(string, Parameter)>();
        var noDecay = new List<(string, Parameter)>();
        var owners = new List<(string Prefix, nn.Module Module)> { ("", module) };
        owners.AddRange(module.named_modules().Select(m => (m.name + ".", m.module)));
        foreach (var (prefix, owner) in owners)
            foreach (var (name, p) in owner.named_parameters(recurse: false))
                if (p.requires_grad) (Applies(owner, p) ? decay : noDecay).Add((prefix + name, p));
        return (decay, noDecay);
    }

    /// <summary>AdamW over <paramref name="module"/>'s trainable parameters: one group with <paramref name="weightDecay"/>, one without.</summary>
    public static AdamW AdamW(nn.Module module, double learningRate, double weightDecay)
    {
        var (decay, noDecay) = Split(module);
        var groups = new List<TorchSharp.Modules.AdamW.ParamGroup>();
        if (decay.Count > 0)
            groups.Add(new TorchSharp.Modules.AdamW.ParamGroup(decay.Select(p => p.Parameter), new TorchSharp.Modules.AdamW.Options { LearningRate = learningRate, weight_decay = weightDecay }));
        if (noDecay.Count > 0)
            groups.Add(new TorchSharp.Modules.AdamW.ParamGroup(noDecay.Select(p => p.Parameter), new TorchSharp.Modules.AdamW.Options { LearningRate = learningRate, weight_decay = 0 }));
        return new AdamW(groups, learningRate, weightDecay: 0);
    }
}
