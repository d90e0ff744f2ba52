using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using SocialFusion.Data.Posts;

namespace SocialFusion.Training.Features;

/// <summary>
/// The content hash of a post: what a feature extractor reads from it, so that every reuse (cached features, saved
/// encoders, finished runs) is keyed on content and not on ids. It covers the text and the bytes of every image file in
/// order (a missing or unreadable file hashes as such, so it is recomputed once it appears); not the image paths, the
/// user, the time or the labels, which no extractor reads. Image files are hashed streaming, once per post object
/// (a posts file read again gives new objects and is hashed again).
/// </summary>
public static class PostContent
{
    private static readonly ConditionalWeakTable<Post, string> Hashes = new();

    /// <summary>Hex SHA-256 (32 characters) of the post's text and image bytes.</summary>
    public static string Hash(Post post) => Hashes.GetValue(post, Compute);

    /// <summary>One line per post, <c>id\tcontent-hash</c>: the key that training data are fingerprinted by.</summary>
    public static string Key(Post post) => post.Id + "\t" + Hash(post);

    private static string Compute(Post post)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string s)
        {
            var bytes = Encoding.UTF8.GetBytes(s);
            sha.AppendData(BitConverter.GetBytes(bytes.Length)); // length-prefixed: no two posts collide by concatenation
            sha.AppendData(bytes);
        }
        Add(post.Text is null ? "\0no-text" : "text:" + post.Text);
        foreach (var path in post.Images) Add("image:" + FileHash(path));
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..32];
    }

    /// <summary>SHA-256 of a file's bytes, read streaming; a file that cannot be read hashes as its error.</summary>
    private static string FileHash(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return "unreadable:" + e.GetType().Name;
        }
    }
}
