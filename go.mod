module github.com/frontline-sim/frontline

go 1.25.0

require (
	github.com/paulmach/orb v0.14.0
	go.yaml.in/yaml/v3 v3.0.6
	gonum.org/v1/gonum v0.17.0
)

require go.mongodb.org/mongo-driver/v2 v2.5.0 // indirect
