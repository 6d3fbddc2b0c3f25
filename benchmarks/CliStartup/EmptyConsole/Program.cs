// The `dotnet new console` template, unchanged: the start-up time `llmrouter models list` is held to (2x this).
Console.WriteLine("Hello, World!");
