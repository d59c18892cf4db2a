namespace MyInfoPortal.Web.Features.Profile;

public enum ProfileFieldKind
{
    Plain,

    /// <summary>The NRIC/FIN: masked unless the resident asked to reveal it.</summary>
    Uinfin,

    Address,
}

/// <summary>One attribute (or a part of one) ready to show: label, text lines, nested parts, provenance.</summary>
public sealed record ProfileFieldView(
    string Key,
    string Label,
    IReadOnlyList<string> Lines,
    IReadOnlyList<ProfileFieldView> Children,
    bool Unavailable,
    string? SourceNote,
    ProfileFieldKind Kind = ProfileFieldKind.Plain,
    bool Revealed = false);

public sealed record ProfileGroupView(string Id, string Title, IReadOnlyList<ProfileFieldView> Fields);

public sealed record ProfileViewModel(
    string? Name,
    IReadOnlyList<ProfileGroupView> Groups,
    bool UinfinRevealed,
    string RetrievedAt,
    string ExpiresAt,
    string RetrievedWith = "Myinfo");
