using System.Net;
using System.Net.Sockets;

namespace FaxAppliance.Uplink.Tests;

/// <summary>A byte-for-byte TCP relay on a loopback port to another loopback port: "the server comes back" when
/// it starts. TLS passes through untouched (the server certificate names 127.0.0.1 either way).</summary>
internal sealed class LoopbackRelay : IDisposable
{
    private readonly TcpListener listener;
    private readonly int targetPort;
    private readonly CancellationTokenSource stop = new();

    public LoopbackRelay(int port, int targetPort)
    {
        this.targetPort = targetPort;
        listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        _ = AcceptLoopAsync();
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient client = await listener.AcceptTcpClientAsync(stop.Token);
                _ = RelayAsync(client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, targetPort, stop.Token);
                NetworkStream a = client.GetStream();
                NetworkStream b = server.GetStream();
                Task up = PumpAsync(a, b, server.Client);
                Task down = PumpAsync(b, a, client.Client);
                await Task.WhenAll(up, down);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // One side went away.
            }
        }
    }

    private async Task PumpAsync(Stream from, Stream to, Socket toSocket)
    {
        var buffer = new byte[16384];
        int n;
        while ((n = await from.ReadAsync(buffer, stop.Token)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, n), stop.Token);
        }

        toSocket.Shutdown(SocketShutdown.Send);
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        stop.Dispose();
    }
}
