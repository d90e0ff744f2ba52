namespace SocialFusion.Analytics.Topics;

/// <summary>
/// TF-IDF document vectors (Salton and Buckley, "Term-weighting approaches in automatic text retrieval", Information
/// Processing and Management 24(5), 1988), in the variant scikit-learn's <c>TfidfVectorizer(sublinear_tf=True)</c>
/// computes: w_{t,d} = (1 + ln tf_{t,d}) * idf_t with the smoothed idf_t = ln((1 + N) / (1 + df_t)) + 1, each document
/// vector scaled to unit Euclidean length. Sublinear tf keeps a word repeated for emphasis ("so so so") from
/// dominating a short post; unit length makes the dot product the cosine, which spherical k-means maximises.
/// </summary>
public static class TfIdf
{
    /// <summary>The smoothed inverse document frequency of every term of <paramref name="m"/>.</summary>
    public static double[] Idf(TermDocumentMatrix m) =>
        m.DocumentFrequency.Select(df => Math.Log((1.0 + m.Documents) / (1.0 + df)) + 1).ToArray();

    /// <summary>Unit-length TF-IDF values aligned with <see cref="TermDocumentMatrix.Columns"/> (empty rows stay empty).</summary>
    public static float[] Values(TermDocumentMatrix m)
    {
        var idf = Idf(m);
        var values = new float[m.Columns.Length];
        for (int i = 0; i < m.Documents; i++)
        {
            double norm = 0;
            for (int e = m.RowStart[i]; e < m.RowStart[i + 1]; e++)
            {
                double w = (1 + Math.Log(m.Counts[e])) * idf[m.Columns[e]];
                values[e] = (float)w;
                norm += w * w;
            }
            if (norm == 0) continue;
            float scale = (float)(1 / Math.Sqrt(norm));
            for (int e = m.RowStart[i]; e < m.RowStart[i + 1]; e++) values[e] *= scale;
        }
        return values;
    }
}
