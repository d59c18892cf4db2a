namespace MyInfoPortal.Web.Hosting;

/// <summary>Which upstream an integration talks to, and with which protocol variant.</summary>
public enum ServiceMode
{
    /// <summary>The embedded simulator; keys and URLs are made up automatically.</summary>
    Simulator,

    /// <summary>MockPass (Myinfo only): the Test protocol against a MockPass server.</summary>
    MockPass,

    /// <summary>Unsigned requests and plain JSON responses.</summary>
    Sandbox,

    /// <summary>Signed requests and encrypted responses.</summary>
    Test,

    /// <summary>As Test, against production endpoints.</summary>
    Production,
}

public static class ServiceModeExtensions
{
    /// <summary>Whether requests carry PKI_SIGN and responses or bodies are JWE.</summary>
    public static bool IsSigned(this ServiceMode mode) => mode != ServiceMode.Sandbox;

    /// <summary>
    /// Whether the mode talks to the real government services (their test or production environment),
    /// where every endpoint must be https and nothing may be left unchecked.
    /// </summary>
    public static bool IsRealService(this ServiceMode mode) => mode is ServiceMode.Test or ServiceMode.Production;
}
