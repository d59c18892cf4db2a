namespace MyInfoPortal.Web.Hosting;

/// <summary>
/// What the portal knows of its embedded simulators, for the staff diagnostics page, without depending
/// on them: <see cref="SimulatorHosting"/> fills it from their options when they run in the portal.
/// </summary>
public sealed record SimulatorStatus(bool MyInfoEnabled, bool SafeEntryEnabled, string? SafeEntryFault, string? SafeEntryPartnerCertificatePath)
{
    public static SimulatorStatus None { get; } = new(false, false, null, null);
}
