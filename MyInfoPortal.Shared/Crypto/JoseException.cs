namespace MyInfoPortal.Web.Crypto;

/// <summary>
/// A JOSE object was refused. The message names the reason for the logs; callers show users one
/// generic message and never the object itself.
/// </summary>
public sealed class JoseException(string reason) : Exception(reason);
