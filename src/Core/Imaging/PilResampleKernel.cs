namespace DataForge.Core.Imaging;

/// <summary>
/// One pass of <see cref="PilResampler"/>: for each output sample, the first input sample its kernel covers, how
/// many it covers, and <see cref="Size"/> slots of 22-bit fixed-point weights of which the first <c>Count</c> are used.
/// </summary>
/// <param name="Size">Weight slots per output sample (PIL's <c>ksize</c>).</param>
/// <param name="Start">First input index per output sample.</param>
/// <param name="Count">Number of taps per output sample.</param>
/// <param name="Weights">Fixed-point weights, <see cref="Size"/> per output sample.</param>
internal sealed record PilResampleKernel(int Size, int[] Start, int[] Count, int[] Weights);
