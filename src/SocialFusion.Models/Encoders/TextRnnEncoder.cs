using SocialFusion.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SocialFusion.Models.Encoders;

/// <summary>Configuration of <see cref="TextRnnEncoder"/>.</summary>
/// <param name="VocabSize">Number of token ids (id 0 is padding).</param>
/// <param name="EmbeddingDim">Width of token embeddings.</param>
/// <param name="Width">Dt, width of output token features (both GRU directions concatenated; must be even).</param>
/// <param name="MeanPooling">Share of the uniform mean in the pooling weights: weights = (1 - m) * attention + m * uniform over real tokens (0 = pure attention).</param>
public sealed record TextRnnConfig(int VocabSize, int EmbeddingDim = 96, int Width = 128, double MeanPooling = 0.0);

/// <summary>Output of <see cref="TextRnnEncoder.Encode"/>.</summary>
/// <param name="Tokens">[B, L, Dt] token features (padding positions are zeroed).</param>
/// <param name="Pooled">[B, Dt] attention-pooled vector.</param>
/// <param name="Weights">[B, L] pooling attention weights (0 on padding; rows of all-padding are all 0).</param>
public sealed record TextEncoding(Tensor Tokens, Tensor Pooled, Tensor Weights);

/// <summary>
/// Token embedding + one bidirectional GRU layer + additive attention pooling. The pooling weights are exposed
/// so a prediction can be traced back to the tokens it leaned on.
/// </summary>
public sealed class TextRnnEncoder : nn.Module
{
    private readonly Embedding embedding;
    private readonly GRU gru;
    private readonly Linear attn_hidden;
    private readonly Linear attn_score;
    private readonly LayerNorm norm;

    /// <summary>The configuration.</summary>
    public TextRnnConfig Config { get; }

    public TextRnnEncoder(TextRnnConfig config) : base(nameof(TextRnnEncoder))
    {
        if (config.Width % 2 != 0) throw new ArgumentException($"text width {config.Width} must be even (two GRU directions)", nameof(config));
        Config = config;
        embedding = nn.Embedding(config.VocabSize, config.EmbeddingDim, padding_idx: 0);
        gru = nn.GRU(config.EmbeddingDim, config.Width / 2, numLayers: 1, batchFirst: true, bidirectional: true);
        attn_hidden = nn.Linear(config.Width, config.Width);
        attn_score = nn.Linear(config.Width, 1);
        norm = nn.LayerNorm(config.Width);
        RegisterComponents();
    }

    /// <summary>Encodes ids [B, L] (int64) with mask [B, L] (bool, true = real token).</summary>
    public TextEncoding Encode(Tensor ids, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var e = embedding.forward(ids);                                   // [B, L, E]
        long b = ids.shape[0], l = ids.shape[1];
        // Explicit zero initial state: [directions, B, Dt / 2].
        var h0 = zeros(2, b, Config.Width / 2, dtype: e.dtype, device: e.device);
        // Packed, so the backward direction starts at each row's last real token instead of reading the batch's
        // padding first: a post's features must not depend on the other posts in its batch. A row without
        // tokens runs over one padding step; its outputs are masked below.
        var lengths = mask.sum(1).clamp_min(1).to(ScalarType.Int64).cpu();          // [B]
        var packed = nn.utils.rnn.pack_padded_sequence(e, lengths, batch_first: true, enforce_sorted: false);
        var (hp, _) = gru.call(packed, h0);
        var (h, _) = nn.utils.rnn.pad_packed_sequence(hp, batch_first: true, total_length: l); // [B, L, Dt]
        var m = mask.unsqueeze(-1).to_type(h.dtype);                      // [B, L, 1]
        var tokens = norm.forward(h) * m;                                 // [B, L, Dt]
        var scores = attn_score.forward(tanh(attn_hidden.forward(tokens))).squeeze(-1); // [B, L]
        scores = AttentionBias.MaskedFill(scores, mask.logical_not(), double.NegativeInfinity);
        // Rows without any token would give NaN; they get zero weights instead.
        var weights = nan_to_num(softmax(scores, 1), 0.0) * mask.to_type(h.dtype); // [B, L]
        if (Config.MeanPooling > 0)
        {
            // Mixing in the mean keeps every token in the gradient path; weights still sum to 1 over real tokens.
            var m1 = mask.to_type(h.dtype);                                 // [B, L]
            var uniform = m1 / m1.sum(1, keepdim: true).clamp_min(1);      // [B, L]
            weights = weights * (float)(1 - Config.MeanPooling) + uniform * (float)Config.MeanPooling;
        }
        var pooled = matmul(weights.unsqueeze(1), tokens).squeeze(1);     // [B, 1, L] x [B, L, Dt] -> [B, Dt]
        return new TextEncoding(tokens.MoveToOuterDisposeScope(), pooled.MoveToOuterDisposeScope(), weights.MoveToOuterDisposeScope());
    }
}
