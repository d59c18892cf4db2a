using AngleSharp.Dom;

namespace MyInfoPortal.Tests.MyInfo;

/// <summary>Reads fields off the rendered profile page by attribute key (<c>#field-{key}</c>).</summary>
public static class ProfilePage
{
    public static IElement Field(IDocument page, string key) =>
        page.QuerySelector("#field-" + key) ?? throw new Xunit.Sdk.XunitException("no field " + key);

    public static string Value(IDocument page, string key) =>
        Field(page, key).QuerySelector(".profile-field__value")!.TextContent.Trim();

    /// <summary>The value's lines (an address has several, separated by line breaks).</summary>
    public static string[] Lines(IDocument page, string key) =>
        Field(page, key).QuerySelector(".profile-field__value")!.ChildNodes
            .Where(n => n.NodeType == NodeType.Text)
            .Select(n => n.TextContent.Trim())
            .Where(t => t.Length > 0)
            .ToArray();

    public static string Source(IDocument page, string key) =>
        Field(page, key).QuerySelector(".profile-field__source")!.TextContent.Trim();

    public static string Unavailable(IDocument page, string key) =>
        Field(page, key).QuerySelector(".profile-field__unavailable")!.TextContent.Trim();
}
