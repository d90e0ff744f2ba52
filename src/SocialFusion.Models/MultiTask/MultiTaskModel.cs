using SocialFusion.Models.Config;
using SocialFusion.Models.Features;
using SocialFusion.Models.Layers;
using SocialFusion.Models.Sgmft;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SocialFusion.Models.MultiTask;

/// <summary>What a <see cref="MultiTaskModel"/> returns for a batch.</summary>
/// <param name="Heads">Per head, in schema order: [B, C] logits (classification) or [B] standardised values (regression).</param>
/// <param name="Shared">[B, F] the trunk's representation every head reads; with per-head pooling
/// (<see cref="MultiTaskConfig.TaskPooling"/>) [B, T, F], head k reading [.., k].</param>
/// <param name="TextWeights">[B, Lt] text pooling weights (attention-pooling trunk; null for SG-MFT); with per-head pooling the mean over heads.</param>
/// <param name="ImageWeights">[B, M, G*G] image region weights over each image's grid cells (attention-pooling trunk; null for SG-MFT); with per-head pooling the mean over heads.</param>
/// <param name="AuxiliaryLoss">Weighted auxiliary loss of the trunk (SG-MFT's learned alignment), or null.</param>
/// <param name="HeadTextWeights">[B, T, Lt] each head's own text pooling weights (attention-pooling trunk), or null.</param>
/// <param name="HeadImageWeights">[B, T, M, G*G] each head's own image region weights (attention-pooling trunk), or null.</param>
public sealed record MultiTaskOutput(IReadOnlyList<Tensor> Heads, Tensor Shared, Tensor? TextWeights, Tensor? ImageWeights, Tensor? AuxiliaryLoss,
    Tensor? HeadTextWeights = null, Tensor? HeadImageWeights = null);

/// <summary>
/// One model, several labels: a shared trunk over a <see cref="FeatureBatch"/> (built-in or CLIP token features)
/// and one head per <see cref="TaskHead"/> of the schema. Every head is the SG-MFT classifier head
/// (LN, Linear, GELU, Dropout, Linear) with C outputs, or 1 for regression.
/// </summary>
public sealed class MultiTaskModel : nn.Module<FeatureBatch, MultiTaskOutput>
{
    private readonly MultiTaskConfig config;
    // Attention-pooling trunk.
    private readonly Linear? text_proj, image_proj;
    private readonly LayerNorm? text_norm, image_norm;
    private readonly AttentionPooling? text_pool, image_pool;
    private readonly Parameter? absent;            // [2, D]: absent text, absent image
    private readonly ModuleList<LayerNorm> fuse_norm = new();    // one per pooling query
    private readonly ModuleList<Linear> fuse = new();            // one per pooling query
    private readonly Dropout? fuse_dropout;
    // SG-MFT trunk.
    private readonly InputProjection? input_projection;
    private readonly ModalitySimilarity? similarity;
    private readonly SimilarityGuidedInteraction? sim;
    private readonly SimilarityAwareFusion? sfm;
    private readonly ModuleList<ClassifierHead> heads = new();

    /// <summary>The heads.</summary>
    public TaskSchema Schema { get; }
    /// <summary>The configuration.</summary>
    public MultiTaskConfig Config => config;
    /// <summary>Width F of the shared representation.</summary>
    public int SharedDim { get; }

    /// <summary>Builds the model for features of <paramref name="spec"/> and the heads of <paramref name="schema"/>.</summary>
    public MultiTaskModel(MultiTaskConfig config, FeatureSpec spec, TaskSchema schema) : base("multitask")
    {
        this.config = config.Validate();
        if (schema.Tasks.Count == 0) throw new ArgumentException("A multi-task model needs at least one head.");
        Schema = schema;
        int d = config.D;
        if (config.Trunk == TrunkKind.AttentionPooling)
        {
            text_proj = Init.Linear(spec.TextDim, d); text_norm = nn.LayerNorm(d);
            image_proj = Init.Linear(spec.ImageDim, d); image_norm = nn.LayerNorm(d);
            int queries = config.TaskPooling ? schema.Tasks.Count : 1;
            text_pool = new AttentionPooling("text_pool", d, queries);
            image_pool = new AttentionPooling("image_pool", d, queries);
            absent = Init.Embedding(2, d);
            for (int k = 0; k < queries; k++) { fuse_norm.Add(nn.LayerNorm(2 * d)); fuse.Add(Init.Linear(2 * d, d)); }
            fuse_dropout = nn.Dropout(config.Dropout);
            SharedDim = d;
        }
        else
        {
            var s = config.Sgmft with { MaxImages = config.MaxImages, MaxTextTokens = config.MaxTextTokens };
            s.Validate();
            input_projection = new InputProjection("input_projection", spec, s.D, s.MaxImages);
            if (s.UsesModalitySimilarity) similarity = new ModalitySimilarity("similarity", s, spec);
            if (s.SimLayers > 0) sim = new SimilarityGuidedInteraction("sim", s);
            sfm = new SimilarityAwareFusion("sfm", s);
            SharedDim = sfm.OutputDim;
            d = s.D;
        }
        for (int i = 0; i < schema.Tasks.Count; i++)
            heads.Add(new ClassifierHead($"head_{i}", SharedDim, d, schema.Tasks[i].Outputs, config.Dropout));
        RegisterComponents();
    }

    /// <summary>The head of task <paramref name="index"/> (schema order).</summary>
    public ClassifierHead Head(int index) => heads[index];

    /// <summary>Every parameter outside the heads (the shared trunk).</summary>
    public IEnumerable<Parameter> TrunkParameters() =>
        named_parameters().Where(p => !p.name.StartsWith("heads.", StringComparison.Ordinal)).Select(p => p.parameter);

    /// <inheritdoc />
    public override MultiTaskOutput forward(FeatureBatch batch)
    {
        using var scope = NewDisposeScope();
        // Modality dropout is a training-time regulariser like dropout; eval sees the batch as given.
        if (training && config.ModalityDropout > 0) batch = ModalityMasking.Random(batch, config.ModalityDropout);
        Tensor shared; Tensor? tw = null, iw = null, htw = null, hiw = null, aux = null;
        bool perHead = false;
        if (text_pool is not null)
        {
            (shared, htw, hiw) = PoolingTrunk(batch);                            // [B, Q, D], [B, Q, Lt], [B, Q, M, G2]
            perHead = text_pool!.Queries > 1;
            tw = perHead ? htw.mean([1]) : htw[.., 0];
            iw = perHead ? hiw.mean([1]) : hiw[.., 0];
            if (!perHead) { shared = shared[.., 0]; htw = null; hiw = null; }
        }
        else (shared, aux) = SgmftTrunk(batch);
        var outputs = new List<Tensor>(heads.Count);
        for (int i = 0; i < heads.Count; i++)
        {
            var o = heads[i].forward(perHead ? shared[.., i] : shared);          // [B, C] or [B, 1]
            if (Schema.Tasks[i].Kind == TaskKind.Regression) o = o.squeeze(-1);  // [B]
            outputs.Add(o.MoveToOuterDisposeScope());
        }
        shared.MoveToOuterDisposeScope(); tw?.MoveToOuterDisposeScope(); iw?.MoveToOuterDisposeScope(); aux?.MoveToOuterDisposeScope();
        htw?.MoveToOuterDisposeScope(); hiw?.MoveToOuterDisposeScope();
        return new MultiTaskOutput(outputs, shared, tw, iw, aux, htw, hiw);
    }

    /// <summary>Per pooling query q (one, or one per head): fused [B, Q, D], text weights [B, Q, Lt], image weights [B, Q, M, G2].</summary>
    private (Tensor Shared, Tensor TextWeights, Tensor ImageWeights) PoolingTrunk(FeatureBatch batch)
    {
        long b = batch.Size;
        int d = config.D;
        long q = text_pool!.Queries;
        var ht = text_norm!.forward(text_proj!.forward(batch.TextTokens));               // [B, Lt, D]
        var (zt, tw) = text_pool.PoolAll(ht, batch.TextMask);                           // [B, Q, D], [B, Q, Lt]

        // Image regions: the grid cells (or patches) after the CLS token of every image slot.
        var v = batch.ImageTokens;                                                        // [B, M, Lv, Dv]
        long m = v.shape[1], lv = v.shape[2];
        var grid = lv > 1 ? v[.., .., 1..] : v;                                          // [B, M, G2, Dv]
        long g2 = grid.shape[2];
        var hv = image_norm!.forward(image_proj!.forward(grid)).reshape(b, m * g2, d);   // [B, M*G2, D]
        var mv = batch.ImageMask.view(b, m, 1).expand(b, m, g2).reshape(b, m * g2);       // [B, M*G2]
        var (zv, iw) = image_pool!.PoolAll(hv, mv);                                     // [B, Q, D], [B, Q, M*G2]

        // A missing modality is a learned "absent" vector, so the heads can tell "no image" from "dark image".
        zt = where(batch.HasText.view(b, 1, 1), zt, absent![0].view(1, 1, d));
        zv = where(batch.HasImage.view(b, 1, 1), zv, absent[1].view(1, 1, d));
        var z = cat([zt, zv], 2);                                                         // [B, Q, 2D]
        var f = stack(Enumerable.Range(0, (int)q).Select(k =>
            fuse_dropout!.forward(nn.functional.gelu(fuse[k].forward(fuse_norm[k].forward(z[.., k]))))).ToArray(), 1); // [B, Q, D]
        return (f, tw, iw.view(b, q, m, g2));
    }

    private (Tensor Shared, Tensor? Aux) SgmftTrunk(FeatureBatch batch)
    {
        // The forward of SgmftModel without its classifier head.
        long b = batch.Size;
        var (ht, mt) = input_projection!.ProjectText(batch);
        var (hv, mv) = input_projection.ProjectImages(batch);
        var noImage = batch.HasImage.logical_not().view(b, 1);                            // [B, 1]
        var im = batch.ImageMask;
        var slotMask = im.shape[1] > 1 ? cat([im[.., ..1].logical_or(noImage), im[.., 1..]], 1) : im.logical_or(noImage); // [B, M]
        Tensor s; Tensor? alpha = null, aux = null;
        if (similarity is not null) (s, alpha, aux) = similarity.forward(batch, ht, mt, hv, mv);
        else s = zeros(b, dtype: ht.dtype);
        if (alpha is null && sim is not null) alpha = full(b, config.Sgmft.FixedAlpha, dtype: ht.dtype);
        if (sim is not null) (ht, hv) = sim.forward(ht, mt, hv, mv, alpha!);
        return (sfm!.forward(ht, mt, hv, mv, slotMask, batch.ImageTokens.shape[2], s), aux); // [B, F]
    }
}
