using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Integrations.Singpass;

namespace MyInfoPortal.Web.Features.SignIn;

/// <summary>
/// The portal's public keys for Singpass to fetch (the URL registered as the client's JWKS): signing keys
/// verify our client assertions, encryption keys are what Singpass encrypts ID tokens and userinfo to.
/// Never a private member.
/// </summary>
public sealed class JwksController(SingpassKeys keys, IOptions<SingpassOptions> options) : Controller
{
    [HttpGet("/.well-known/jwks.json")]
    public IActionResult Index()
    {
        if (!options.Value.Enabled)
        {
            return NotFound();
        }

        // Short enough that a rotation is seen soon; Singpass keeps its own copy for about an hour anyway.
        Response.Headers.CacheControl = "public, max-age=300";
        return Content(keys.Current.PublicJwksJson(), "application/json");
    }
}
