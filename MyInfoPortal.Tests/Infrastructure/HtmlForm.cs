using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace MyInfoPortal.Tests.Infrastructure;

/// <summary>
/// Reads a page's form the way a browser would (hidden fields and antiforgery token included) and
/// submits it with the values a test sets.
/// </summary>
public static class HtmlForm
{
    private static readonly HtmlParser Parser = new();

    public static IHtmlDocument Parse(string html) => Parser.ParseDocument(html);

    public static async Task<IHtmlDocument> ReadAsync(HttpResponseMessage response) =>
        Parse(await response.Content.ReadAsStringAsync());

    /// <summary>Submits the form matched by the selector. A named submit button's value is included when given.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(
        HttpClient client, IHtmlDocument page, string formSelector,
        IDictionary<string, string>? values = null, string? submitButtonSelector = null)
    {
        var form = page.QuerySelector(formSelector) as IHtmlFormElement
            ?? throw new InvalidOperationException($"No form matches '{formSelector}'.");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name) && input.Type is not ("submit" or "button" or "image"):
                    if (input.Type is "checkbox" or "radio" && !input.IsChecked)
                    {
                        continue;
                    }

                    fields.Add(new(input.Name, input.Value));
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name):
                    fields.Add(new(select.Name, select.Value ?? string.Empty));
                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name):
                    fields.Add(new(area.Name, area.Value));
                    break;
            }
        }

        if (submitButtonSelector is not null && page.QuerySelector(submitButtonSelector) is IHtmlButtonElement button && !string.IsNullOrEmpty(button.Name))
        {
            fields.Add(new(button.Name, button.Value));
        }

        foreach (var (name, value) in values ?? new Dictionary<string, string>())
        {
            fields.RemoveAll(f => f.Key == name);
            fields.Add(new(name, value));
        }

        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? page.Url : form.GetAttribute("action")!;
        var method = (form.GetAttribute("method") ?? "get").ToUpperInvariant();
        using var content = new FormUrlEncodedContent(fields);
        if (method == "POST")
        {
            return await client.PostAsync(new Uri(action, UriKind.RelativeOrAbsolute), content);
        }

        var query = await content.ReadAsStringAsync();
        var separator = action.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return await client.GetAsync(new Uri(action + separator + query, UriKind.RelativeOrAbsolute));
    }
}
