using System.Text;

namespace SocialFusion.Data.Posts;

/// <summary>One CSV record: its cells, or why it could not be split, with the physical lines it used.</summary>
/// <param name="Line">Number of its first physical line.</param>
/// <param name="Lines">The physical lines it consumed (one for a rejected multi-line attempt).</param>
/// <param name="Cells">The cells, or null when <paramref name="Problem"/> is set.</param>
/// <param name="Problem">Why the record cannot be read, or null.</param>
internal sealed record CsvRecord(long Line, IReadOnlyList<RawLine> Lines, string[]? Cells, CsvProblem? Problem)
{
    /// <summary>The record's lines for the side file, invalid bytes as \xNN, at most 2 KB.</summary>
    public string Raw()
    {
        var text = string.Join("\n", Lines.Select(l => LineSource.Display(l.Bytes)));
        return text.Length > LineSource.KeepForDisplay ? text[..LineSource.KeepForDisplay] : text;
    }
}

/// <summary>Why a record was not split into cells; <paramref name="Field"/> is the header name of the cell at fault.</summary>
internal sealed record CsvProblem(string? Field, string Category, string Reason);

/// <summary>
/// Splits physical lines into RFC 4180 records, so that one malformed record costs that record only.
/// </summary>
/// <remarks>
/// The rule (docs/data-format.md, "CSV"): a record is one physical line unless a quoted field is still open at the
/// end of the line; then it continues on the next line. A record spanning several lines is taken as one record only
/// if it is well-formed: every quoted field closes with a quote followed by a comma or the record's end, no quote
/// appears inside an unquoted field, it stays within MaxLineBytes and it has as many cells as the header. Otherwise
/// only its first line is rejected and reading starts again at the very next line, so a stray quote can never
/// swallow the records after it. Looking ahead costs at most MaxLineBytes per rejected line.
/// </remarks>
internal sealed class CsvRecordReader(IEnumerable<RawLine> lines, int maxRecordBytes)
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>The header's names once known: sets the expected cell count and names cells in reasons.</summary>
    public string[]? Header { get; set; }

    /// <summary>Number of the last physical line read.</summary>
    public long LinesRead { get; private set; }

    public IEnumerable<CsvRecord> Records()
    {
        using var source = lines.GetEnumerator();
        var ahead = new List<RawLine>(); // read from the source but not yet part of a record
        bool Have(int count)
        {
            while (ahead.Count < count && source.MoveNext())
            {
                ahead.Add(source.Current);
                LinesRead = source.Current.Number;
            }
            return ahead.Count >= count;
        }

        while (Have(1))
        {
            var (used, cells, problem, multiLineFailure) = Scan(ahead, Have);
            if (used == 0) { ahead.RemoveAt(0); continue; } // blank line
            // A multi-line attempt that failed gives back all but its first line: they are read again as records.
            var take = multiLineFailure ? 1 : used;
            var record = new CsvRecord(ahead[0].Number, ahead.GetRange(0, take), cells, problem);
            ahead.RemoveRange(0, take);
            yield return record;
        }
    }

    /// <summary>Scans one record from ahead[0]; used = lines consumed (0: a blank line).</summary>
    private (int Used, string[]? Cells, CsvProblem? Problem, bool MultiLineFailure) Scan(List<RawLine> ahead, Func<int, bool> have)
    {
        var splitter = new Splitter();
        long bytes = 0;
        string? utf8Error = null;
        for (int used = 1; ; used++)
        {
            var first = ahead[0];
            if (!have(used))
                return Fail(used - 1, "unterminated quote",
                    $"quoted field {Name(splitter.OpenCell)} (opened at column {splitter.OpenColumn}) is not closed before the end of the file");
            var line = ahead[used - 1];
            bytes += line.Length + (used > 1 ? 1 : 0);
            if (line.Oversized || bytes > maxRecordBytes)
                return used == 1
                    ? Fail(1, "line too long", $"record has more than {maxRecordBytes} bytes (limit MaxLineBytes)")
                    : Fail(used, "unterminated quote",
                        $"quoted field {Name(splitter.OpenCell)} (opened at column {splitter.OpenColumn}) is still open after {maxRecordBytes} bytes (limit MaxLineBytes)");
            string text;
            try { text = StrictUtf8.GetString(line.Bytes); }
            catch (DecoderFallbackException e)
            {
                // Structure only depends on ASCII quotes and commas, so the record is still split to find its end.
                utf8Error ??= $"invalid UTF-8 byte at byte offset {e.Index} of line {line.Number}";
                text = Encoding.UTF8.GetString(line.Bytes);
            }
            bool cr = text.EndsWith('\r');
            if (cr) text = text[..^1];
            if (used == 1 && utf8Error == null && string.IsNullOrWhiteSpace(text)) return (0, null, null, false);
            var state = splitter.Feed(text, line.Number);
            if (state == Splitter.State.Open)
            {
                splitter.NewLine(cr ? "\r\n" : "\n");
                continue;
            }
            if (state == Splitter.State.Malformed) return Fail(used, "malformed CSV", splitter.Error!(Name(splitter.ErrorCell)));
            var cells = splitter.Cells.ToArray();
            if (used > 1 && Header != null && cells.Length != Header.Length)
                return Fail(used, "malformed CSV",
                    $"quoted field {Name(splitter.FirstMultiLineCell)} continues onto line {line.Number}, but then the record has {cells.Length} fields, the header has {Header.Length}");
            if (utf8Error != null) return (used, null, new CsvProblem(null, "invalid UTF-8", utf8Error), false);
            return (used, cells, null, false);

            (int, string[]?, CsvProblem?, bool) Fail(int linesSeen, string category, string reason)
            {
                if (linesSeen <= 1) return (1, null, new CsvProblem(Field(splitter.ErrorCell ?? splitter.OpenCell), category, reason), false);
                var why = $"{reason}; only line {first.Number} is rejected and reading goes on at line {first.Number + 1}";
                return (linesSeen, null, new CsvProblem(Field(splitter.FirstMultiLineCell), category, why), true);
            }
        }
    }

    private string? Field(int? cell) => cell is int i && Header != null && i < Header.Length ? Header[i] : null;

    private string Name(int? cell) => Field(cell) is { } name ? $"'{name}'" : $"{(cell ?? 0) + 1}";

    /// <summary>RFC 4180 field splitter fed one physical line at a time.</summary>
    private sealed class Splitter
    {
        public enum State { Complete, Open, Malformed }

        private enum At { FieldStart, Unquoted, Quoted, QuoteInQuoted }

        private readonly StringBuilder _cell = new();
        private At _at = At.FieldStart;

        public List<string> Cells { get; } = [];
        /// <summary>Index of the quoted cell still open at the end of the last line, and its 1-based column there.</summary>
        public int? OpenCell { get; private set; }
        public int OpenColumn { get; private set; }
        /// <summary>The first cell that was open at a line end (the one that made the record span lines).</summary>
        public int? FirstMultiLineCell { get; private set; }
        public int? ErrorCell { get; private set; }
        /// <summary>The malformation, given the cell's display name.</summary>
        public Func<string, string>? Error { get; private set; }

        public State Feed(string line, long number)
        {
            for (int i = 0; i < line.Length; i++)
            {
                char c = line[i];
                switch (_at)
                {
                    case At.FieldStart when c == '"':
                        _at = At.Quoted; OpenCell = Cells.Count; OpenColumn = i + 1;
                        break;
                    case At.FieldStart or At.Unquoted when c == ',':
                        Emit();
                        break;
                    case At.FieldStart or At.Unquoted when c == '"':
                        var column = i + 1;
                        return Malformed(name =>
                            $"stray quote in unquoted field {name} at line {number}, column {column}: a field containing \" must be enclosed in quotes, with each \" inside doubled");
                    case At.FieldStart or At.Unquoted:
                        _at = At.Unquoted; _cell.Append(c);
                        break;
                    case At.Quoted when c == '"':
                        _at = At.QuoteInQuoted;
                        break;
                    case At.Quoted:
                        _cell.Append(c);
                        break;
                    case At.QuoteInQuoted when c == '"':
                        _at = At.Quoted; _cell.Append('"');
                        break;
                    case At.QuoteInQuoted when c == ',':
                        Emit();
                        break;
                    default: // QuoteInQuoted followed by anything else
                        int col = i;
                        var after = char.IsSurrogate(c) && i + 1 < line.Length ? line.Substring(i, 2) : c.ToString();
                        return Malformed(name =>
                            $"quoted field {name} closes at line {number}, column {col} but is followed by '{after}' instead of a comma or the end of the record (a \" inside a quoted field must be doubled)");
                }
            }
            if (_at == At.Quoted)
            {
                FirstMultiLineCell ??= OpenCell;
                return State.Open;
            }
            Emit();
            return State.Complete;
        }

        public void NewLine(string ending) => _cell.Append(ending);

        private void Emit()
        {
            Cells.Add(_cell.ToString());
            _cell.Clear();
            _at = At.FieldStart;
            OpenCell = null;
        }

        private State Malformed(Func<string, string> error)
        {
            ErrorCell = Cells.Count;
            Error = error;
            return State.Malformed;
        }
    }
}
