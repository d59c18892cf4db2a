using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace MyInfoPortal.Web.Features.Kiosk;

/// <summary>The venue's local time: what "today" means for counts, suggestions and the log.</summary>
public sealed class KioskClock(TimeProvider time, IOptions<KioskOptions> options)
{
    private readonly TimeZoneInfo _zone = TryFindZone(options.Value.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    public TimeZoneInfo Zone => _zone;

    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    public DateOnly Today => DateOnly.FromDateTime(ToLocal(UtcNow));

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), _zone);

    /// <summary>The UTC instants [start, end) of a local calendar day.</summary>
    public (DateTime Start, DateTime End) DayRange(DateOnly day)
    {
        var start = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), _zone);
        var end = TimeZoneInfo.ConvertTimeToUtc(day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), _zone);
        return (start, end);
    }

    public static bool TryFindZone(string? id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            // Machines without tzdata still know Singapore time: a fixed UTC+8 without daylight saving.
            if (id is "Asia/Singapore" or "Singapore Standard Time")
            {
                zone = TimeZoneInfo.CreateCustomTimeZone("Asia/Singapore", TimeSpan.FromHours(8), "Singapore", "Singapore");
                return true;
            }

            return false;
        }
    }
}
