using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Mvc.TagHelpers;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace MyInfoPortal.Web.Features.Staff;

/// <summary>
/// <c>&lt;error-summary title="..." /&gt;</c>: when the model state holds errors, a focusable summary whose
/// items link to the fields they concern (the field's id is its model key).
/// </summary>
[HtmlTargetElement("error-summary", TagStructure = TagStructure.WithoutEndTag)]
public sealed class ErrorSummaryTagHelper : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public string Title { get; set; } = "There is a problem";

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var state = ViewContext.ViewData.ModelState;
        if (state.IsValid)
        {
            output.SuppressOutput();
            return;
        }

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "validation-summary-errors error-summary");
        output.Attributes.SetAttribute("id", "error-summary");
        output.Attributes.SetAttribute("role", "alert");
        output.Attributes.SetAttribute("tabindex", "-1");
        output.Attributes.SetAttribute("aria-labelledby", "error-summary-title");

        var encoder = HtmlEncoder.Default;
        var html = new System.Text.StringBuilder();
        html.Append("<h2 id=\"error-summary-title\" class=\"error-summary__title\">").Append(encoder.Encode(Title)).Append("</h2><ul>");
        foreach (var (key, entry) in FormErrors.InOrder(state))
        {
            foreach (var error in entry.Errors)
            {
                html.Append("<li>");
                if (key.Length > 0)
                {
                    html.Append("<a href=\"#").Append(encoder.Encode(key)).Append("\">").Append(encoder.Encode(error.ErrorMessage)).Append("</a>");
                }
                else
                {
                    html.Append(encoder.Encode(error.ErrorMessage));
                }

                html.Append("</li>");
            }
        }

        html.Append("</ul>");
        output.Content.SetHtmlContent(html.ToString());
    }
}

/// <summary><c>&lt;field-error key="Sub" /&gt;</c>: the field's first error, with the id inputs refer to.</summary>
[HtmlTargetElement("field-error", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldErrorTagHelper : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public string Key { get; set; } = string.Empty;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var message = FormErrors.First(ViewContext.ViewData.ModelState, Key);
        if (message is null)
        {
            output.SuppressOutput();
            return;
        }

        output.TagName = "span";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "field-error");
        output.Attributes.SetAttribute("id", Key + "-error");
        output.Content.SetContent(message);
    }
}

/// <summary>
/// <c>mip-error-for="Sub"</c> on an input, select or fieldset: when that key has an error, marks the
/// element invalid and points it at its message.
/// </summary>
[HtmlTargetElement("input", Attributes = AttributeName)]
[HtmlTargetElement("select", Attributes = AttributeName)]
[HtmlTargetElement("fieldset", Attributes = AttributeName)]
public sealed class ErrorAwareTagHelper : TagHelper
{
    private const string AttributeName = "mip-error-for";

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    [HtmlAttributeName(AttributeName)]
    public string Key { get; set; } = string.Empty;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (FormErrors.First(ViewContext.ViewData.ModelState, Key) is null)
        {
            return;
        }

        output.Attributes.SetAttribute("aria-invalid", "true");
        var describedBy = output.Attributes.TryGetAttribute("aria-describedby", out var existing)
            ? existing.Value + " " + Key + "-error"
            : Key + "-error";
        output.Attributes.SetAttribute("aria-describedby", describedBy);
        output.AddClass("input-validation-error", HtmlEncoder.Default);
    }
}

public static class FormErrors
{
    public static string? First(ModelStateDictionary state, string key) =>
        state.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    /// <summary>Errors in the order the fields were added, the form-wide ones (empty key) first.</summary>
    public static IEnumerable<(string Key, ModelStateEntry Entry)> InOrder(ModelStateDictionary state) =>
        state.Where(e => e.Value is { Errors.Count: > 0 })
            .OrderBy(e => e.Key.Length == 0 ? 0 : 1)
            .Select(e => (e.Key, e.Value!));

    /// <summary>The first field with an error, to put the focus on; null when only form-wide errors exist.</summary>
    public static string? FirstFieldWithError(ModelStateDictionary state, IEnumerable<string> fieldOrder) =>
        fieldOrder.FirstOrDefault(k => First(state, k) is not null);
}
