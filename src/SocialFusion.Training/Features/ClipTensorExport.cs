using System.Text.Json;
using SocialFusion.Data.Images;
using SocialFusion.Models.IO;
using static TorchSharp.torch;

namespace SocialFusion.Training.Features;

/// <summary>Summary of a <see cref="ClipTensorExport.Write"/> call.</summary>
/// <param name="Texts">Texts encoded.</param>
/// <param name="Images">Images encoded.</param>
/// <param name="Keys">Tensor names written, with their shapes.</param>
public sealed record ClipExportSummary(int Texts, int Images, IReadOnlyDictionary<string, long[]> Keys);

/// <summary>
/// Encodes texts and images with a CLIP checkpoint and writes every output to one safetensors file (for
/// <c>socialfusion clip encode</c> and scripts comparing against other implementations).
/// </summary>
public static class ClipTensorExport
{
    /// <summary>Image file extensions <c>clip encode --images DIR</c> picks up.</summary>
    public static readonly IReadOnlySet<string> ImageExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        { ".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp" };

    /// <summary>The image files of <paramref name="dir"/> (not recursive), ordinally sorted by name.</summary>
    public static IReadOnlyList<string> ImageFiles(string dir) =>
        Directory.EnumerateFiles(dir).Where(f => ImageExtensions.Contains(Path.GetExtension(f))).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Writes, for T texts and N images (either may be 0):
    /// <c>input_ids</c> I64 [T, L] (start..end token then 0, L = longest text), <c>attention_mask</c> I64 [T, L], <c>text_lengths</c> I64 [T],
    /// <c>text_last_hidden_state</c> [T, L, Dt] (CLIP: after final LN; positions past a row's length depend on the padding),
    /// <c>text_pooled_output</c> [T, Dt] (CLIP: EOT state; Chinese-CLIP: [CLS] state), <c>text_embeds</c> [T, E]; <c>pixel_values</c> [N, 3, S, S],
    /// <c>image_last_hidden_state</c> [N, 1+P, Dv] (before post_layernorm), <c>image_pooled_output</c> [N, Dv],
    /// <c>image_embeds</c> [N, E]; with both, <c>logits_per_image</c> [N, T]; and <c>logit_scale_exp</c> [].
    /// Embeddings are not normalised (as HF's). Metadata: <c>texts</c> and <c>images</c> as JSON arrays.
    /// An image that cannot be decoded is an error naming the file.
    /// </summary>
    public static ClipExportSummary Write(ClipFeatureExtractor clip, IReadOnlyList<string> texts, IReadOnlyList<string> imagePaths, string outPath,
        IProgress<double>? progress = null)
    {
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        var model = clip.Model;
        int batch = clip.Options.BatchSize, total = texts.Count + imagePaths.Count, done = 0;
        var tensors = new Dictionary<string, Tensor> { ["logit_scale_exp"] = model.LogitScaleExp() };
        Tensor? textEmbeds = null, imageEmbeds = null;
        if (texts.Count > 0)
        {
            var ids = texts.Select(clip.TokenIds).ToList();
            var (all, mask) = ClipFeatureExtractor.Batch(ids); // [T, L] padded with 0, mask 1 on tokens
            var last = new List<Tensor>(); var pooled = new List<Tensor>(); var emb = new List<Tensor>();
            for (int s = 0; s < texts.Count; s += batch)
            {
                int n = Math.Min(batch, texts.Count - s);
                var o = model.EncodeText(all.narrow(0, s, n), mask.narrow(0, s, n));
                last.Add(o.LastHiddenState); pooled.Add(o.PooledOutput); emb.Add(o.TextEmbeds);
                done += (int)o.TextEmbeds.shape[0];
                progress?.Report((double)done / total);
            }
            textEmbeds = cat(emb, 0);
            tensors["input_ids"] = all;
            tensors["attention_mask"] = mask;
            tensors["text_lengths"] = tensor(ids.Select(r => (long)r.Length).ToArray());
            tensors["text_last_hidden_state"] = cat(last, 0);
            tensors["text_pooled_output"] = cat(pooled, 0);
            tensors["text_embeds"] = textEmbeds;
        }
        if (imagePaths.Count > 0)
        {
            int size = clip.Preprocessor.Size;
            var pix = new List<Tensor>(); var last = new List<Tensor>(); var pooled = new List<Tensor>(); var emb = new List<Tensor>();
            for (int s = 0; s < imagePaths.Count; s += batch)
            {
                var chunk = imagePaths.Skip(s).Take(batch).ToList();
                var chw = new float[chunk.Count][];
                Parallel.For(0, chunk.Count, i => chw[i] = clip.Preprocessor.Preprocess(ImageDecoder.Decode(chunk[i], clip.Options.ImageDecode)));
                var pixels = tensor(chw.SelectMany(a => a).ToArray(), new long[] { chunk.Count, 3, size, size }); // [n, 3, S, S]
                var o = model.EncodeImage(pixels);
                pix.Add(pixels); last.Add(o.LastHiddenState); pooled.Add(o.PooledOutput); emb.Add(o.ImageEmbeds);
                done += chunk.Count;
                progress?.Report((double)done / total);
            }
            imageEmbeds = cat(emb, 0);
            tensors["pixel_values"] = cat(pix, 0);
            tensors["image_last_hidden_state"] = cat(last, 0);
            tensors["image_pooled_output"] = cat(pooled, 0);
            tensors["image_embeds"] = imageEmbeds;
        }
        if (textEmbeds is not null && imageEmbeds is not null) tensors["logits_per_image"] = model.LogitsPerImage(imageEmbeds, textEmbeds); // [N, T]
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "pt", ["producer"] = "socialfusion clip encode", ["model"] = clip.Folder, ["fingerprint"] = clip.Fingerprint,
            ["texts"] = JsonSerializer.Serialize(texts), ["images"] = JsonSerializer.Serialize(imagePaths.Select(Path.GetFileName)),
        };
        if (Path.GetDirectoryName(Path.GetFullPath(outPath)) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
        SafeTensors.Write(outPath, tensors, metadata);
        return new ClipExportSummary(texts.Count, imagePaths.Count, tensors.ToDictionary(kv => kv.Key, kv => kv.Value.shape));
    }
}
