using System.Text.Json;
using SocialFusion.Data.Clip;
using SocialFusion.Models.Clip;

namespace SocialFusion.Training.Features;

/// <summary>
/// A family of CLIP-like checkpoints in Hugging Face layout: which files a folder needs and how its tokenizer, model
/// and default image preprocessing are built. The family is read from <c>config.json</c>'s <c>model_type</c>
/// (<see cref="ForFolder"/>), never chosen by a flag: <c>clip</c> is <see cref="OpenAiClip"/>, <c>chinese_clip</c>
/// <see cref="ChineseClip"/>.
/// </summary>
public abstract class ClipCheckpointKind
{
    /// <summary>OpenAI CLIP (<c>CLIPModel</c>): byte-level BPE, causal text tower, short side + centre crop.</summary>
    public static readonly ClipCheckpointKind OpenAiClip = new OpenAiClipKind();
    /// <summary>Chinese-CLIP (<c>ChineseCLIPModel</c>): BERT WordPiece, BERT text tower, straight square resize.</summary>
    public static readonly ClipCheckpointKind ChineseClip = new ChineseClipKind();
    /// <summary>Every supported family.</summary>
    public static IReadOnlyList<ClipCheckpointKind> All { get; } = [OpenAiClip, ChineseClip];

    /// <summary>The <c>model_type</c> value of <c>config.json</c>.</summary>
    public abstract string ModelType { get; }
    /// <summary>Files the folder must contain (besides <c>config.json</c>).</summary>
    public abstract IReadOnlyList<string> RequiredFiles { get; }
    /// <summary>Files whose contents identify the features (hashed into the fingerprint when present).</summary>
    public abstract IReadOnlyList<string> FingerprintFiles { get; }
    /// <summary>Language of the text tower, choosing the zero-shot prompt templates and label translations ("en", "zh").</summary>
    public abstract string Language { get; }
    /// <summary>Loads the tokenizer of <paramref name="dir"/>.</summary>
    public abstract IClipTokenizer LoadTokenizer(string dir);
    /// <summary>Loads the model of <paramref name="dir"/> in eval mode.</summary>
    public abstract ClipLikeModel LoadModel(string dir);
    /// <summary>The preprocessing used when the folder has no <c>preprocessor_config.json</c>.</summary>
    public abstract IClipImagePreprocessor DefaultPreprocessor(int imageSize);

    /// <summary>
    /// The family of the checkpoint in <paramref name="dir"/>, from <c>config.json</c>'s <c>model_type</c> (a config
    /// without one is an older OpenAI CLIP export). Throws naming the folder when it is missing, unreadable or of
    /// another model type.
    /// </summary>
    public static ClipCheckpointKind ForFolder(string dir)
    {
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"CLIP folder '{dir}' does not exist");
        var configPath = Path.Combine(dir, "config.json");
        if (!File.Exists(configPath)) throw new FileNotFoundException($"{dir}: not a Hugging Face CLIP folder, config.json is missing (see docs/clip.md)", configPath);
        string? type;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(configPath));
            type = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("model_type", out var t) ? t.GetString() : null;
        }
        catch (JsonException e) { throw new InvalidDataException($"{configPath}: not valid JSON ({e.Message})", e); }
        if (type is null) return OpenAiClip;
        return All.FirstOrDefault(k => k.ModelType == type)
            ?? throw new InvalidDataException($"{configPath}: model_type '{type}' is not a supported CLIP checkpoint (supported: {string.Join(", ", All.Select(k => k.ModelType))})");
    }

    /// <summary>Throws naming the first missing required file.</summary>
    public void CheckFiles(string dir)
    {
        foreach (var f in RequiredFiles.Prepend("config.json"))
            if (!File.Exists(Path.Combine(dir, f)))
                throw new FileNotFoundException($"{dir}: not a Hugging Face {ModelType} folder, {f} is missing (see docs/clip.md)", Path.Combine(dir, f));
    }

    private sealed class OpenAiClipKind : ClipCheckpointKind
    {
        public override string ModelType => "clip";
        public override IReadOnlyList<string> RequiredFiles { get; } = ["model.safetensors", "vocab.json", "merges.txt"];
        public override IReadOnlyList<string> FingerprintFiles { get; } = ["config.json", "model.safetensors", "vocab.json", "merges.txt"];
        public override string Language => "en";
        public override IClipTokenizer LoadTokenizer(string dir) => ClipTokenizer.FromDirectory(dir);
        public override ClipLikeModel LoadModel(string dir) => ClipModel.FromPretrained(dir);
        public override IClipImagePreprocessor DefaultPreprocessor(int imageSize) => new ClipImagePreprocessor(imageSize);
    }

    private sealed class ChineseClipKind : ClipCheckpointKind
    {
        public override string ModelType => "chinese_clip";
        public override IReadOnlyList<string> RequiredFiles { get; } = ["model.safetensors", "vocab.txt"];
        public override IReadOnlyList<string> FingerprintFiles { get; } = ["config.json", "model.safetensors", "vocab.txt", "tokenizer_config.json", "special_tokens_map.json"];
        public override string Language => "zh";
        public override IClipTokenizer LoadTokenizer(string dir) => BertTokenizer.FromDirectory(dir);
        public override ClipLikeModel LoadModel(string dir) => ChineseClipModel.FromPretrained(dir);
        // The published checkpoints' transform; cn_clip's own image_transform is the same.
        public override IClipImagePreprocessor DefaultPreprocessor(int imageSize) => new SquareResizePreprocessor(imageSize);
    }
}
