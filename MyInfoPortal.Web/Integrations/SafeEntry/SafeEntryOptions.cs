using MyInfoPortal.Web.Hosting;

namespace MyInfoPortal.Web.Integrations.SafeEntry;

/// <summary>Section <c>SafeEntry</c>. In Simulator mode every blank value is filled in at start.</summary>
public sealed class SafeEntryOptions
{
    public const string Section = "SafeEntry";

    public ServiceMode Mode { get; set; } = ServiceMode.Simulator;

    public string? EntryUrl { get; set; }

    public string? AppId { get; set; }

    public string? PrivateKeyPath { get; set; }

    public string? PrivateKeyPassword { get; set; }

    /// <summary>The gateway's certificate: submissions are encrypted to its key.</summary>
    public string? GatewayCertificatePath { get; set; }

    /// <summary>Days a check-in record is kept before it is purged.</summary>
    public int RetentionDays { get; set; } = 25;

    /// <summary>Attempts before a submission is marked as needing attention.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>First retry delay; doubled per attempt with jitter, capped at <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a submission whose outcome is unknown (sent, then a timeout or a dropped connection) waits
    /// before it is sent again: longer than the gateway could still be working on the first copy.
    /// </summary>
    public TimeSpan UnconfirmedRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the dispatcher looks for due work when nothing wakes it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many submissions the dispatcher keeps in flight at once (1 to 32). A person's check-out still waits
    /// for the check-in made before it (and a check-in for the check-out before it) to be delivered.
    /// </summary>
    public int DispatchConcurrency { get; set; } = 4;

    /// <summary>
    /// Whether this instance runs the background dispatcher. Off for an instance that only takes
    /// submissions (and in tests that drive <see cref="SafeEntryDispatcher.DispatchDueAsync"/> by hand).
    /// </summary>
    public bool DispatchInBackground { get; set; } = true;
}
