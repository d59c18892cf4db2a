using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Integrations.MyInfo;
using MyInfoPortal.Web.Integrations.Singpass;

namespace MyInfoPortal.Web.Features.Home;

public sealed class HomeController(IOptions<MyInfoOptions> myInfo, IOptions<SingpassOptions> singpass) : Controller
{
    [HttpGet("/")]
    public IActionResult Index() => View(HomeViewModel.From(myInfo.Value, singpass.Value));
}
