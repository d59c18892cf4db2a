using Microsoft.Extensions.Options;

namespace MyInfoPortal.Web.Hosting;

/// <summary>Collects configuration problems, each naming its key, for an <see cref="IValidateOptions{T}"/>.</summary>
public sealed class OptionsChecks(string section)
{
    private readonly List<string> _failures = [];

    public void Require(string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            _failures.Add($"{section}:{key} is required.");
        }
    }

    public void AbsoluteHttpUrl(string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            _failures.Add($"{section}:{key} is required.");
        }
        else if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || !string.IsNullOrEmpty(uri.Query))
        {
            _failures.Add($"{section}:{key} must be an absolute http(s) URL without a query string (got '{value}').");
        }
    }

    public void FileExists(string key, string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            _failures.Add($"{section}:{key} is required.");
        }
        else if (!File.Exists(path))
        {
            _failures.Add($"{section}:{key} points to '{path}', which does not exist.");
        }
    }

    public void That(bool condition, string message)
    {
        if (!condition)
        {
            _failures.Add($"{section}:{message}");
        }
    }

    public ValidateOptionsResult Result() =>
        _failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_failures);
}
