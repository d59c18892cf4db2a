namespace MyInfoPortal.Web.Integrations.Http;

/// <summary>
/// Reads the response body into memory inside the resilience pipeline, so the pipeline's timeout covers
/// the whole exchange (headers and body) and the caller never needs a timer of its own. At most
/// <c>limit + 1</c> bytes are read: one byte past the limit is enough for the caller to know the answer was
/// too large. An answer whose declared length is already over the limit is handed back unread.
/// A call abandoned because its token was cancelled (the pipeline's timeout) is reported as cancelled,
/// whichever way the transport reports it (a reset, a cut-off body), so the timeout is seen as a timeout.
/// </summary>
public sealed class ResponseBufferingHandler(int defaultLimit) : DelegatingHandler
{
    /// <summary>Per request: the largest body the caller accepts.</summary>
    public static readonly HttpRequestOptionsKey<int> Limit = new("MyInfoPortal.ResponseLimit");

    private const int ChunkSize = 16 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await SendAndBufferAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The call was abandoned when it was cancelled.", ex, cancellationToken);
        }
    }

    private async Task<HttpResponseMessage> SendAndBufferAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var limit = request.Options.TryGetValue(Limit, out var requested) ? requested : defaultLimit;
        var original = response.Content;
        if (original.Headers.ContentLength > limit)
        {
            return response;
        }

        try
        {
            using var buffer = new MemoryStream();
            await using (var stream = await original.ReadAsStreamAsync(cancellationToken))
            {
                var chunk = new byte[ChunkSize];
                int read;
                while (buffer.Length <= limit &&
                       (read = await stream.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit + 1 - buffer.Length)), cancellationToken)) > 0)
                {
                    buffer.Write(chunk, 0, read);
                }
            }

            var content = new ByteArrayContent(buffer.GetBuffer(), 0, (int)buffer.Length);
            foreach (var (name, values) in original.Headers)
            {
                // The length is the buffered one, which ByteArrayContent reports itself.
                if (!string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    content.Headers.TryAddWithoutValidation(name, values);
                }
            }

            response.Content = content;
            original.Dispose();
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
