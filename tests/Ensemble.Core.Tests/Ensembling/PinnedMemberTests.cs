using Ensemble.Core.Ensembling;

namespace Ensemble.Core.Tests.Ensembling;

public class PinnedMemberTests
{
    [Fact]
    public void StoredForm_IsNameAtSha_AndParsesBack()
    {
        var member = new PinnedMember("residual-wide", "ab12");

        Assert.Equal("residual-wide@ab12", member.ToString());
        Assert.Equal(member, PinnedMember.Parse("residual-wide@ab12"));
    }

    [Fact]
    public void Parse_SplitsAtTheLastAt_SoANameMayHoldOne()
    {
        Assert.Equal(new PinnedMember("team@lab-model", "ff00"), PinnedMember.Parse("team@lab-model@ff00"));
    }

    [Theory]
    [InlineData("residual")]
    [InlineData("@ab12")]
    public void Parse_RefusesAStringWithoutAName(string pinned)
    {
        var error = Assert.Throws<FormatException>(() => PinnedMember.Parse(pinned));

        Assert.Contains(pinned, error.Message);
    }
}
