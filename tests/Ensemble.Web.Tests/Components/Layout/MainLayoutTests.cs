using Bunit;
using Ensemble.Core.Persistence;
using Ensemble.Web.Components.Layout;
using Ensemble.Web.Tests.Components.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Data.Sqlite;

namespace Ensemble.Web.Tests.Components.Layout;

public sealed class MainLayoutTests(EnsembleAppFactory app) : PageTestContext(app), IClassFixture<EnsembleAppFactory>
{
    [Fact]
    public async Task APageThatThrows_ShowsTheErrorInPlace_AndNavigatingAwayRecovers()
    {
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, Page<FailingPage>()));
        await layout.Find("[data-testid=fail]").ClickAsync(new());

        layout.WaitForAssertion(() => Assert.Contains("This page failed: the page's own bug", layout.Find("[data-testid=page-error]").TextContent));
        Assert.Empty(layout.FindAll("[data-testid=fail]"));

        layout.Render(p => p.Add(l => l.Body, Page<QuietPage>()));

        layout.WaitForAssertion(() => Assert.NotNull(layout.Find("[data-testid=quiet]")));
        Assert.Empty(layout.FindAll("[data-testid=page-error]"));
    }

    [Fact]
    public async Task ABusyDatabaseThatAPageDidNotExpect_IsExplainedAsBusy()
    {
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, Page<BusyPage>()));
        await layout.Find("[data-testid=fail]").ClickAsync(new());

        layout.WaitForAssertion(() => Assert.Contains(DatabaseBusy.Message, layout.Find("[data-testid=page-error]").TextContent));
    }

    private static RenderFragment Page<T>()
        where T : IComponent => builder =>
        {
            builder.OpenComponent<T>(0);
            builder.CloseComponent();
        };

    private sealed class FailingPage : ComponentBase
    {
        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "button");
            builder.AddAttribute(1, "data-testid", "fail");
            builder.AddAttribute(2, "onclick", EventCallback.Factory.Create(this, () => throw new InvalidOperationException("the page's own bug")));
            builder.CloseElement();
        }
    }

    private sealed class BusyPage : ComponentBase
    {
        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "button");
            builder.AddAttribute(1, "data-testid", "fail");
            builder.AddAttribute(2, "onclick", EventCallback.Factory.Create(this, () => throw new SqliteException("database is locked", 5)));
            builder.CloseElement();
        }
    }

    private sealed class QuietPage : ComponentBase
    {
        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "p");
            builder.AddAttribute(1, "data-testid", "quiet");
            builder.CloseElement();
        }
    }
}
