using Ensemble.Web.Security;

namespace Ensemble.Web.Tests.Security;

public sealed class BindingCheckTests
{
    [Fact]
    public void LoopbackAddresses_AreNotWide_AndEveryOtherAddressIs()
    {
        string[] addresses =
        [
            "http://localhost:5170", "https://localhost:7170", "http://127.0.0.1:5000", "http://[::1]:5000",
            "http://0.0.0.0:8080", "http://[::]:8080", "http://+:8080", "http://*:80", "http://10.1.2.3:8080",
        ];

        Assert.Equal(["http://0.0.0.0:8080", "http://[::]:8080", "http://+:8080", "http://*:80", "http://10.1.2.3:8080"], BindingCheck.WideAddresses(addresses));
    }
}
