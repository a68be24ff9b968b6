using System.Numerics.Tensors;

namespace ExpertBot.Features.Knowledge.Search;

internal sealed partial class HybridIndex
{
    // Fewer rows than this say little about the collection's common directions; below it the question is only centred.
    private const int MinRowsForDirections = 1000;

    // The principal directions are estimated on at most this many rows of each kind, spread evenly over the index.
    private const int DirectionSample = 2048;

    private readonly Lock _directionsGate = new();
    private volatile CommonDirections? _directions;

    /// <summary>
    /// The question as the scan compares it: its unit vector minus the mean of the stored rows of its kind (passages or
    /// titles), then without its parts along the rows' main directions of variance (CommonDirections). A small model's
    /// vectors share a few dominant directions that say more about "a bug report" than about which one; comparing without
    /// them ("all-but-the-top", Mu and Viswanath 2018) leaves what tells reports apart. The dot product of the cleaned
    /// question with a raw row equals its dot product with the row cleaned the same way, so the rows stay as stored and the
    /// scan costs the same. Called under the read lock.
    /// </summary>
    private (float[] Text, float[] Title) CleanQuery(ReadOnlySpan<float> text, ReadOnlySpan<float> title)
    {
        var directions = Directions();
        return (Clean(text, _passageSum, _passageRows, directions?.Passages ?? []),
            Clean(title, _titleSum, _titleRows, directions?.Titles ?? []));
    }

    private static float[] Clean(ReadOnlySpan<float> vector, double[] sum, int rows, float[][] axes)
    {
        var clean = new float[vector.Length];
        var norm = TensorPrimitives.Norm(vector);
        if (norm <= 0)
        {
            return clean;
        }
        for (var i = 0; i < clean.Length; i++)
        {
            clean[i] = (float)(vector[i] / norm - (rows == 0 ? 0 : sum[i] / rows));
        }
        foreach (var axis in axes)
        {
            TensorPrimitives.MultiplyAdd(axis, -TensorPrimitives.Dot(axis, clean), clean, clean);
        }
        return clean;
    }

    /// <summary>The current common directions; estimated again once the number of rows has changed by a tenth since the last time.</summary>
    private CommonDirections? Directions()
    {
        var count = _options.CommonDirections;
        if (count == 0)
        {
            return null;
        }
        var rows = _passageRows + _titleRows;
        var current = _directions;
        if (current is not null && Math.Abs(rows - current.Rows) * 10 <= current.Rows)
        {
            return current;
        }
        lock (_directionsGate)
        {
            current = _directions;
            if (current is null || Math.Abs(rows - current.Rows) * 10 > current.Rows)
            {
                current = new CommonDirections(rows, Axes(false, _passageSum, _passageRows, count), Axes(true, _titleSum, _titleRows, count));
                _directions = current;
            }
            return current;
        }
    }

    /// <summary>The <paramref name="count"/> main directions of variance of the live rows of one kind (power iteration on a sample's covariance).</summary>
    private float[][] Axes(bool titles, double[] sum, int rows, int count)
    {
        if (rows < MinRowsForDirections)
        {
            return [];
        }
        var dimensions = _model.Dimensions;
        var mean = new float[dimensions];
        for (var i = 0; i < dimensions; i++)
        {
            mean[i] = (float)(sum[i] / rows);
        }
        var covariance = new float[dimensions * dimensions];
        var x = new float[dimensions];
        var every = Math.Max(1, rows / DirectionSample);
        var seen = 0;
        var sampled = 0;
        for (var slot = 0; slot < _slots; slot++)
        {
            var (first, n) = _rowsOf[slot];
            if (n == 0 || _docs[slot] is null)
            {
                continue;
            }
            for (var row = first; row < first + n; row++)
            {
                if ((_titled[slot] && row == first + n - 1) != titles || seen++ % every != 0)
                {
                    continue;
                }
                var values = _rows.AsSpan(row * _width, dimensions);
                for (var i = 0; i < dimensions; i++)
                {
                    x[i] = values[i] * _scales[row] - mean[i];
                }
                for (var i = 0; i < dimensions; i++)
                {
                    var line = covariance.AsSpan(i * dimensions, dimensions);
                    TensorPrimitives.MultiplyAdd(x, x[i], line, line);
                }
                sampled++;
            }
        }
        var axes = new List<float[]>(count);
        var next = new float[dimensions];
        for (var a = 0; a < count && sampled > 0; a++)
        {
            // A fixed start, so the same rows give the same directions; orthogonal to the ones found so far.
            var axis = new float[dimensions];
            for (var i = 0; i < dimensions; i++)
            {
                axis[i] = 1f / (1 + ((i * 7 + a * 13) % 17));
            }
            for (var iteration = 0; iteration < 100; iteration++)
            {
                for (var i = 0; i < dimensions; i++)
                {
                    next[i] = TensorPrimitives.Dot(covariance.AsSpan(i * dimensions, dimensions), axis);
                }
                foreach (var found in axes)
                {
                    TensorPrimitives.MultiplyAdd(found, -TensorPrimitives.Dot(found, next), next, next);
                }
                var norm = TensorPrimitives.Norm(next);
                if (norm <= 0)
                {
                    break;
                }
                TensorPrimitives.Divide(next, norm, axis);
            }
            axes.Add(axis);
        }
        return [.. axes];
    }

    private sealed record CommonDirections(int Rows, float[][] Passages, float[][] Titles);
}
