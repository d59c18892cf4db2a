using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Integrations.MyInfo;

namespace MyInfoPortal.Tests.MyInfo;

/// <summary>
/// security.md B1 on the client exactly as the app registers it (real sockets on loopback): no redirect
/// is followed, and a certificate nobody trusts ends the call before any request is sent.
/// </summary>
public sealed class MyInfoTransportTests
{
    [Fact]
    public async Task TokenCallDoesNotFollowARedirect()
    {
        var paths = new ConcurrentQueue<string>();
        using var listener = new HttpListener();
        var port = FreePort.Next();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                paths.Enqueue(context.Request.Url!.AbsolutePath);
                context.Response.StatusCode = 302;
                context.Response.RedirectLocation = $"http://127.0.0.1:{port}/elsewhere";
                context.Response.Close();
            }
        });

        using var factory = new PortalFactory().With("MyInfo:TokenUrl", $"http://127.0.0.1:{port}/token");
        await using var scope = factory.Services.CreateAsyncScope();
        var client = scope.ServiceProvider.GetRequiredService<IMyInfoClient>();

        var failure = await Assert.ThrowsAsync<MyInfoException>(() => client.ExchangeCodeAsync("code-for-the-test"));

        Assert.Equal("upstream_unavailable", failure.Code);
        Assert.Equal(["/token"], paths);
        listener.Stop();
        await serving;
    }

    [Fact]
    public async Task UntrustedCertificateEndsTheCallBeforeAnyRequestIsSent()
    {
        using var certificate = SelfSigned();
        using var tcp = new TcpListener(IPAddress.Loopback, 0);
        tcp.Start();
        var port = ((IPEndPoint)tcp.LocalEndpoint).Port;
        var requests = 0;
        var serving = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    using var socket = await tcp.AcceptTcpClientAsync();
                    await using var tls = new SslStream(socket.GetStream());
                    try
                    {
                        // TLS 1.3 lets the server finish its side before the client has judged the
                        // certificate; what matters is whether any request bytes follow.
                        await tls.AuthenticateAsServerAsync(certificate);
                        var buffer = new byte[1024];
                        if (await tls.ReadAsync(buffer) > 0)
                        {
                            Interlocked.Increment(ref requests);
                        }
                    }
                    catch (Exception ex) when (ex is AuthenticationException or IOException)
                    {
                    }
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }
        });

        using var factory = new PortalFactory().With("MyInfo:TokenUrl", $"https://127.0.0.1:{port}/token");
        await using var scope = factory.Services.CreateAsyncScope();
        var client = scope.ServiceProvider.GetRequiredService<IMyInfoClient>();

        var failure = await Assert.ThrowsAsync<MyInfoException>(() => client.ExchangeCodeAsync("code-for-the-test"));

        Assert.Equal("upstream_unavailable", failure.Code);
        Assert.Equal(0, Volatile.Read(ref requests));
        tcp.Stop();
        await serving;
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }
}
