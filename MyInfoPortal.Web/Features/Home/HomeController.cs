using Microsoft.AspNetCore.Mvc;

namespace MyInfoPortal.Web.Features.Home;

public sealed class HomeController : Controller
{
    [HttpGet("/")]
    public IActionResult Index() => View();
}
