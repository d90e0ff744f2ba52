using System.Text.Json;

namespace SocialFusion.Analytics.Users;

/// <summary>The planted user types of a demo collection (<c>truth/users.jsonl</c>, see docs/demo-data.md).</summary>
public static class DemoUserTruth
{
    /// <summary>user_id to type, from <paramref name="path"/>; a malformed line is an error naming the line.</summary>
    public static Dictionary<string, string> ReadTypes(string path)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        int line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            try
            {
                using var doc = JsonDocument.Parse(text);
                var id = doc.RootElement.GetProperty("user_id").GetString();
                var type = doc.RootElement.GetProperty("type").GetString();
                if (id == null || type == null) throw new InvalidDataException("user_id or type is null");
                if (!types.TryAdd(id, type)) throw new InvalidDataException($"duplicate user_id {id}");
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or InvalidDataException)
            {
                throw new InvalidDataException($"{path}:{line}: {e.Message}", e);
            }
        }
        return types;
    }
}
