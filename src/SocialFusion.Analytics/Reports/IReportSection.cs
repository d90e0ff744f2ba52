using System.Text;

namespace SocialFusion.Analytics.Reports;

/// <summary>
/// One section of the analytics report beyond the user analysis (trends, topics, communities, cascades, ...): a
/// heading and self-contained HTML (inline SVG, no script, no external URL), aggregates only, k-anonymous where it
/// counts users. Sections are computed by their own analysis and appended in the order given.
/// </summary>
public interface IReportSection
{
    /// <summary>The section heading.</summary>
    string Title { get; }

    /// <summary>Appends the section body (everything under its heading) to <paramref name="html"/>.</summary>
    void AppendBody(StringBuilder html);
}
