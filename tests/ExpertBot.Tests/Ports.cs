using System.Net;
using System.Net.Sockets;

namespace ExpertBot.Tests;

internal static class Ports
{
    /// <summary>A loopback port the OS just handed out, for servers started by tests.</summary>
    public static int Free()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
