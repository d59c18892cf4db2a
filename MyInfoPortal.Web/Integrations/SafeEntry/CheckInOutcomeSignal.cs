namespace MyInfoPortal.Web.Integrations.SafeEntry;

/// <summary>
/// Tells a request waiting on a submission that this instance's dispatcher has just written its outcome, so
/// the kiosk answers as soon as the gateway has instead of at its next look at the database. Only a hint:
/// the waiter still reads the outcome from the database, and still looks every 100 ms for an outcome
/// written by another instance's dispatcher.
/// </summary>
public sealed class CheckInOutcomeSignal
{
    private readonly Dictionary<long, (TaskCompletionSource Source, int Waiters)> _watched = [];
    private readonly Lock _gate = new();

    /// <summary>
    /// A task that completes when <see cref="Written"/> is called for row <paramref name="id"/> from now on.
    /// Requests waiting on one row (a double submit) share it. Pass it back to <see cref="Unwatch"/> when done.
    /// </summary>
    public Task Watch(long id)
    {
        lock (_gate)
        {
            var (source, waiters) = _watched.TryGetValue(id, out var entry)
                ? entry
                : (new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), 0);
            _watched[id] = (source, waiters + 1);
            return source.Task;
        }
    }

    /// <summary>Stops one waiter's watch; the row is forgotten when its last waiter stops.</summary>
    public void Unwatch(long id, Task watched)
    {
        lock (_gate)
        {
            if (_watched.TryGetValue(id, out var entry) && entry.Source.Task == watched)
            {
                if (entry.Waiters <= 1)
                {
                    _watched.Remove(id);
                }
                else
                {
                    _watched[id] = (entry.Source, entry.Waiters - 1);
                }
            }
        }
    }

    /// <summary>Called by the dispatcher after it wrote row <paramref name="id"/>'s outcome.</summary>
    public void Written(long id)
    {
        TaskCompletionSource? source = null;
        lock (_gate)
        {
            if (_watched.Remove(id, out var entry))
            {
                source = entry.Source;
            }
        }

        source?.TrySetResult();
    }

    /// <summary>How many rows are watched: a finished wait leaves nothing behind.</summary>
    internal int Count
    {
        get
        {
            lock (_gate)
            {
                return _watched.Count;
            }
        }
    }
}
