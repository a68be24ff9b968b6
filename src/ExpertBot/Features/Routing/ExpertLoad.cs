namespace ExpertBot.Features.Routing;

/// <summary>An expert's load as the invitations table has it.</summary>
internal readonly record struct ExpertLoad(int Open, int Today);
