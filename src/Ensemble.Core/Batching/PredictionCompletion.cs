namespace Ensemble.Core.Batching;

/// <summary>
/// One prediction's wait for all of its members: each member's run counts down, and the prediction resumes once,
/// when the last one is done, instead of once per member. A failed member still waits for the others, so no
/// run outlives the leases the prediction holds.
/// </summary>
internal sealed class PredictionCompletion(int members) : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
{
    private int _remaining = members;
    private Exception? _failure;

    public void MemberDone() => CountDown();

    public void MemberFailed(Exception e)
    {
        Interlocked.CompareExchange(ref _failure, e, null);
        CountDown();
    }

    private void CountDown()
    {
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            if (_failure is { } failure)
            {
                TrySetException(failure);
            }
            else
            {
                TrySetResult();
            }
        }
    }
}
