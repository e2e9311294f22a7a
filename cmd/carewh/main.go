// Command carewh builds a children's social care performance warehouse.
package main

import (
	"os"

	"carewh/internal/cli"
)

func main() { os.Exit(cli.Do(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
