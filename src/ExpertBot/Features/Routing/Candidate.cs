namespace ExpertBot.Features.Routing;

/// <summary>An expert picked by the ranker, with the reason shown to them and to the asker.</summary>
internal sealed record Candidate(string Id, string Name, string Reason);

/// <summary>How a pool invites: experts per step, how long they get, and how many steps before the fallback.</summary>
internal sealed record StepPolicy(int ExpertsPerStep, TimeSpan InvitationTimeout, int MaxSteps);
