namespace MyInfoPortal.Tests.Infrastructure;

/// <summary>
/// Lets a test keep one stub handler (a fake server, a recording gateway) across the client factory's handler
/// rotations: the factory disposes expired handler chains, and the stub lives as long as the test.
/// </summary>
internal sealed class NonDisposingHandler(HttpMessageHandler target) : HttpMessageHandler
{
    private readonly HttpMessageInvoker _invoker = new(target, disposeHandler: false);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _invoker.SendAsync(request, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _invoker.Dispose();
        }

        base.Dispose(disposing);
    }
}
