using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Integrations.MyInfo;

namespace MyInfoPortal.Web.Features.Home;

public sealed class HomeController(IOptions<MyInfoOptions> myInfo) : Controller
{
    [HttpGet("/")]
    public IActionResult Index() => View(HomeViewModel.From(myInfo.Value));
}
