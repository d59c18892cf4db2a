namespace MyInfoPortal.Tests.Infrastructure;

/// <summary>
/// MockPass 4.3.4 (npm, tools/e2e) on a free loopback port in Myinfo Test-environment mode: it verifies
/// our PKI_SIGN signatures with our certificate and encrypts person data to it.
/// </summary>
public sealed class MockPassProcess : IAsyncDisposable
{
    public const string Secret = "mockpass-e2e-client-secret";

    private readonly ChildProcess _process;

    private MockPassProcess(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
        BaseUrl = $"http://127.0.0.1:{port}";
    }

    public int Port { get; }

    public string BaseUrl { get; }

    public string MyInfoBase => BaseUrl + "/myinfo/v3";

    /// <summary>MockPass's own signing certificate: configure it as MyInfo:MyInfoCertificatePath.</summary>
    public static string SigningCertificatePath =>
        Path.Combine(RepoPaths.NodeModules, "@opengovsg", "mockpass", "static", "certs", "spcp.crt");

    public string Output => _process.Output;

    /// <param name="clientCertificatePath">Our certificate: MockPass verifies and encrypts with it.</param>
    /// <param name="showLoginPage">true for the persona picker page; otherwise <paramref name="nric"/> logs in directly.</param>
    public static async Task<MockPassProcess> StartAsync(string clientCertificatePath, bool showLoginPage, string? nric = null)
    {
        var entry = Path.Combine(RepoPaths.NodeModules, "@opengovsg", "mockpass", "index.js");
        if (!File.Exists(entry))
        {
            throw new InvalidOperationException("MockPass is not installed: run ./test.sh (it runs npm ci in tools/e2e).");
        }

        var port = FreePort.Next();
        var environment = new Dictionary<string, string?>
        {
            ["MOCKPASS_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SHOW_LOGIN_PAGE"] = showLoginPage ? "true" : "false",
            ["ENCRYPT_MYINFO"] = "true",
            ["SERVICE_PROVIDER_MYINFO_SECRET"] = Secret,
            ["SERVICE_PROVIDER_CERT_PATH"] = clientCertificatePath,
            ["SERVICE_PROVIDER_PUB_KEY"] = clientCertificatePath,
            ["MOCKPASS_NRIC"] = nric,
            ["NODE_ENV"] = "production",
        };
        var process = ChildProcess.Start("node", [entry], RepoPaths.E2eTooling, environment);
        var mockPass = new MockPassProcess(process, port);
        await process.WaitForOutputAsync("listening", TimeSpan.FromSeconds(30));
        return mockPass;
    }

    public async ValueTask DisposeAsync() => await _process.DisposeAsync();
}
