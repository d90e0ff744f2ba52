using SocialFusion.Models.Baselines;
using SocialFusion.Models.Config;
using SocialFusion.Models.Features;
using SocialFusion.Models.Sgmft;

namespace SocialFusion.Models;

/// <summary>Builds the location model a configuration (preset) describes.</summary>
public static class LocationModels
{
    /// <summary>Creates the model for <paramref name="config"/> over features of <paramref name="spec"/> with <paramref name="numClasses"/> classes.</summary>
    public static LocationModel Create(SgmftConfig config, FeatureSpec spec, int numClasses)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(spec);
        if (numClasses < 2) throw new ArgumentException($"A location model needs at least 2 classes, got {numClasses}.", nameof(numClasses));
        return config.Architecture switch
        {
            Architecture.Sgmft => new SgmftModel(config, spec, numClasses),
            Architecture.Concat => new ConcatBaseline(config, spec, numClasses),
            Architecture.LateFusion => new LateFusionBaseline(config, spec, numClasses),
            Architecture.LinearProbe => new LinearProbeBaseline(config, spec, numClasses),
            Architecture.ZeroShot => throw new ArgumentException($"Model config '{config.Preset}': zero-shot has no trainable model; it is scored on CLIP features by the experiment (train --features clip)."),
            _ => throw new ArgumentException($"Model config '{config.Preset}': unknown architecture '{config.Architecture}'."),
        };
    }
}
