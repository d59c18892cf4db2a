namespace MyInfoPortal.Web.Hosting;

public static class DevelopmentViews
{
    /// <summary>
    /// In the Development environment of a Debug build, views are compiled at run time from the content
    /// root, so an edited <c>.cshtml</c> shows on the next refresh while <c>dotnet run</c> runs. Everywhere
    /// else the views compiled into the assembly are served, and Release builds do not reference the package
    /// at all (MyInfoPortal.Web.csproj). <c>dotnet watch</c> (Hot Reload) is the other way to see edits live.
    /// </summary>
    public static WebApplicationBuilder AddRuntimeViewCompilationInDevelopment(this WebApplicationBuilder builder)
    {
#if DEBUG
        if (builder.Environment.IsDevelopment())
        {
            // ASP.NET Core 10 marks Razor runtime compilation obsolete in favour of Hot Reload (ASPDEPR003).
            // It stays for the edit-and-refresh loop in Development only; this is its one use.
#pragma warning disable ASPDEPR003
            builder.Services.AddControllersWithViews().AddRazorRuntimeCompilation();
#pragma warning restore ASPDEPR003
        }
#endif
        return builder;
    }
}
